import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credo360 partners (clients, call log, ownership challenges, verified handles) and the reputation data
 * (partner-submitted transactions and ratings, endorsements between users).
 */
export class PartnersReputation1763800300000 implements MigrationInterface {
  name = 'PartnersReputation1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE partner_clients (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      contact text,
      client_id_hash text NOT NULL UNIQUE,
      client_id_hint text NOT NULL,
      rate_limit_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute > 0),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    )`);
    // Who called what, about which handle, and how it ended; partner_id is null for unknown client ids.
    await q.query(`CREATE TABLE partner_calls (
      id bigserial PRIMARY KEY,
      partner_id uuid REFERENCES partner_clients(id) ON DELETE CASCADE,
      method text NOT NULL,
      route text NOT NULL,
      handle text,
      status integer NOT NULL,
      outcome text NOT NULL,
      request_id text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX partner_calls_partner_idx ON partner_calls (partner_id, created_at DESC)`);
    await q.query(`CREATE TABLE partner_challenges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      challenge_hash text NOT NULL UNIQUE,
      partner_id uuid NOT NULL REFERENCES partner_clients(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      method text NOT NULL CHECK (method IN ('passcode','signature')),
      delivery text CHECK (delivery IN ('sms','email','otp')),
      code_length integer CHECK (code_length BETWEEN 4 AND 8),
      code_hash text,
      nonce text,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 5),
      expires_at timestamptz NOT NULL,
      verified_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((method = 'passcode') = (code_hash IS NOT NULL)),
      CHECK ((method = 'signature') = (nonce IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX partner_challenges_user_idx ON partner_challenges (user_id, created_at DESC)`);
    // A partner may submit behaviour data only for a handle it has proven ownership of.
    await q.query(`CREATE TABLE partner_verified_handles (
      partner_id uuid NOT NULL REFERENCES partner_clients(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      method text NOT NULL CHECK (method IN ('passcode','signature')),
      verified_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (partner_id, user_id)
    )`);

    await q.query(`CREATE TABLE reputation_transactions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partner_id uuid NOT NULL REFERENCES partner_clients(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      counterparty_id text,
      amount numeric(20, 2),
      currency text,
      status text NOT NULL CHECK (status IN ('completed','disputed')),
      occurred_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (partner_id, external_id)
    )`);
    await q.query(`CREATE INDEX reputation_transactions_user_idx ON reputation_transactions (user_id)`);
    await q.query(`CREATE TABLE reputation_ratings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partner_id uuid NOT NULL REFERENCES partner_clients(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
      review text,
      rater_id text,
      transaction_external_id text,
      rated_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (partner_id, external_id)
    )`);
    await q.query(`CREATE INDEX reputation_ratings_user_idx ON reputation_ratings (user_id)`);
    await q.query(`CREATE TABLE endorsements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      endorser_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      endorsee_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      review text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (endorser_id, endorsee_id),
      CHECK (endorser_id <> endorsee_id)
    )`);
    await q.query(`CREATE INDEX endorsements_endorsee_idx ON endorsements (endorsee_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'endorsements',
      'reputation_ratings',
      'reputation_transactions',
      'partner_verified_handles',
      'partner_challenges',
      'partner_calls',
      'partner_clients',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
