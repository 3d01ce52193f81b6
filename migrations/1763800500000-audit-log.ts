import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of staff and admin actions. Append-only in the database itself, not only in the code: a
 * trigger refuses every UPDATE, DELETE and TRUNCATE, statement-level so even one that matches no row fails.
 */
export class AuditLog1763800500000 implements MigrationInterface {
  name = 'AuditLog1763800500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      actor_id uuid NOT NULL,
      actor_role text NOT NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text NOT NULL,
      before jsonb NOT NULL,
      after jsonb NOT NULL,
      request_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX audit_log_created ON audit_log (created_at)`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, created_at)`);
    await q.query(`CREATE INDEX audit_log_target ON audit_log (target_type, target_id, created_at)`);
    await q.query(`CREATE INDEX audit_log_action ON audit_log (action, created_at)`);
    await q.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
