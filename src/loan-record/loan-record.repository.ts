import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql.js';

/** A user's borrowing as the one statement below adds it up; numerics are exact decimal strings. */
export interface RecordRow {
  approved: string;
  outstanding: string;
  types: string[] | null;
  defaulted: number;
  repaid: number;
  on_time: number;
  late: number;
  missed: number;
}

/** A user's borrowing record: one read over loans and loan_installments. */
@Injectable()
export class LoanRecordRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Only loans whose money moved (active, repaid, defaulted) count. `day` is 'YYYY-MM-DD'; an instalment unpaid
   * more than `missedAfterDays` before it is missed.
   */
  async record(userId: string, day: string, missedAfterDays: number): Promise<RecordRow> {
    // Raw and prepared: read by every POST /api/loans/calculate (bench/RESULTS.md).
    const [r] = await this.sql.rows<RecordRow>(
      `WITH held AS (
         SELECT id, status, loan_type, approved_amount FROM loans
          WHERE user_id = $1 AND status IN ('active','repaid','defaulted')
       ), inst AS (
         SELECT i.*, h.status AS loan_status FROM loan_installments i JOIN held h ON h.id = i.loan_id
       )
       SELECT (SELECT coalesce(sum(approved_amount), 0)::text FROM held) AS approved,
              (SELECT count(*) FROM held WHERE status = 'repaid')::int AS repaid,
              (SELECT count(*) FROM held WHERE status = 'defaulted')::int AS defaulted,
              (SELECT array_agg(DISTINCT loan_type) FROM held) AS types,
              -- Payments settle each instalment's interest first, so principal owed is what they have not reached.
              (SELECT coalesce(sum(greatest(0, principal - greatest(0, amount_paid - interest))), 0)::text
                 FROM inst WHERE loan_status IN ('active','defaulted')) AS outstanding,
              (SELECT count(*) FROM inst
                WHERE amount_paid >= amount_due AND (paid_at AT TIME ZONE 'UTC')::date <= due_date)::int AS on_time,
              (SELECT count(*) FROM inst
                WHERE amount_paid >= amount_due AND (paid_at AT TIME ZONE 'UTC')::date > due_date)::int AS late,
              (SELECT count(*) FROM inst
                WHERE amount_paid < amount_due AND due_date < ($2::date - $3::int))::int AS missed`,
      [userId, day, missedAfterDays],
      'loan-record',
    );
    return r;
  }
}
