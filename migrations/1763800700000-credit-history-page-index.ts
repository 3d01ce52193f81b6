import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A page of a user's credit history read from the index alone. The page is `ORDER BY event_date DESC, id DESC
 * OFFSET n LIMIT m` over one user's events, which sit one per heap page among everyone's once the table is large:
 * at 1M events page 500 (offset 9980) read 10,078 heap pages and took 20 times the time it took at 20k events
 * (bench/growth.js, bench/RESULTS.md "Cost as data grows"). With the listed columns in the index the offset walks
 * ~150 contiguous leaf pages instead. Same key as credit_events_user_date, which it replaces: the count and the
 * inquiries count read it as they read that one.
 */
export class CreditHistoryPageIndex1763800700000 implements MigrationInterface {
  name = 'CreditHistoryPageIndex1763800700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX credit_events_user_page ON credit_events (user_id, event_date DESC, id DESC)
         INCLUDE (event_type, amount, impact, description)`,
    );
    await q.query(`DROP INDEX credit_events_user_date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX credit_events_user_date ON credit_events (user_id, event_date DESC, id DESC)`);
    await q.query(`DROP INDEX credit_events_user_page`);
  }
}
