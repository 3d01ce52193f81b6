import type { TestApp } from './app.js';

/**
 * Moves a loan's application and approval back to `at`, as if it had been applied for and approved then, so
 * a test can disburse it at `at`: a payout may not be dated before the approval.
 */
export async function backdateLoan(app: TestApp, loanId: string, at: Date): Promise<void> {
  const db = app.dataSource;
  await db.query(`UPDATE loans SET submitted_at = $2, decided_at = $2 WHERE id = $1`, [loanId, at]);
}
