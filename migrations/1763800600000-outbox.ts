import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox: codes, links and notices are written here in the request's transaction and sent
 * by a worker, so no reply waits for SMTP or SMS, or changes when they are down. A code send request is
 * itself queued (code_sends): the reply does the same work for known and unknown identifiers, and the code
 * dispatcher decides afterwards whether there is anyone to send to. Requests remember the client address and
 * whether a message went out, so the caps a client sees are its own and only messages really delivered count
 * against an address.
 */
export class Outbox1763800600000 implements MigrationInterface {
  name = 'Outbox1763800600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel text NOT NULL,
      purpose text NOT NULL,
      destination text NOT NULL,
      subject text,
      body text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_until timestamptz,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      failed_at timestamptz,
      last_error text
    )`);
    // The worker's queue: only messages still to send are in the index.
    await q.query(
      `CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL`,
    );
    // A send request is the request's durable record; the code dispatcher turns it into a code and a
    // message (or into nothing, for an identifier with no account) after the reply.
    await q.query(`ALTER TABLE code_sends
      ADD COLUMN client_key text,
      ADD COLUMN channel text,
      ADD COLUMN link boolean NOT NULL DEFAULT false,
      ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      ADD COLUMN claimed_until timestamptz,
      ADD COLUMN processed_at timestamptz,
      ADD COLUMN delivered boolean NOT NULL DEFAULT false`);
    // Requests made before this migration were answered already.
    await q.query(`UPDATE code_sends SET processed_at = sent_at`);
    await q.query(`CREATE INDEX code_sends_client_idx ON code_sends (destination, client_key, sent_at DESC)`);
    await q.query(`CREATE INDEX code_sends_pending_idx ON code_sends (id) WHERE processed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX code_sends_pending_idx`);
    await q.query(`DROP INDEX code_sends_client_idx`);
    await q.query(`ALTER TABLE code_sends
      DROP COLUMN delivered, DROP COLUMN processed_at, DROP COLUMN claimed_until, DROP COLUMN user_id, DROP COLUMN link, DROP COLUMN channel,
      DROP COLUMN client_key`);
    await q.query(`DROP TABLE outbox`);
  }
}
