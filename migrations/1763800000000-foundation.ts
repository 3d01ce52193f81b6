import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    // A small key/value table for instance-wide facts (e.g. when the database was first initialised).
    await q.query(`CREATE TABLE app_meta (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `INSERT INTO app_meta (key, value) VALUES ('initialised_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE app_meta');
  }
}
