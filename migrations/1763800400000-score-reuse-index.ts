import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reuse lookup ("this user's newest score for this wallet and model") as one index range: without it a
 * user who forces recalculation often made every loan quote sort all of their scores.
 */
export class ScoreReuseIndex1763800400000 implements MigrationInterface {
  name = 'ScoreReuseIndex1763800400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX credit_scores_reuse ON credit_scores (user_id, model_version, (coalesce(wallet_address, '')), calculated_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX credit_scores_reuse`);
  }
}
