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

/** The newest score a quote may reuse, headline columns only (CreditScoreService decides if it is fresh). */
export interface QuoteScoreRow {
  id: string;
  score: number;
  /** numeric: an exact decimal string. */
  probability_of_repayment: string;
  model_version: string;
  calculated_at: Date;
}

/**
 * Principal an instalment still owes (of `i`, a loan_installments row): payments settle its interest first, so
 * principal owed is what they have not reached. The record and the quote's read add it up alike.
 */
const PRINCIPAL_OWED = 'greatest(0, i.principal - greatest(0, i.amount_paid - i.interest))';

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
              (SELECT coalesce(sum(${PRINCIPAL_OWED}), 0)::text
                 FROM inst i WHERE loan_status IN ('active','defaulted')) AS outstanding,
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

  /**
   * What a loan quote or application reads, in one round trip (POST /api/loans/calculate, bench/RESULTS.md): the
   * principal still owed on active and defaulted loans, as record() adds it up, and the newest score of
   * `modelVersion` for the user's default wallet (the first linked, ORDER BY created_at, as the credit module
   * resolves it; no wallet matches a score made without one). The score and the wallet are the credit and users
   * modules' tables, read here so a quote does not wait for a statement per owner; the coalesce matches
   * credit_scores_reuse's expression, so the score is one row of that index.
   */
  async outstandingAndScore(
    userId: string,
    modelVersion: string,
  ): Promise<{ outstanding: string; score: QuoteScoreRow | null }> {
    const [r] = await this.sql.rows<QuoteScoreRow & { outstanding: string; has_score: boolean }>(
      `WITH score AS (
         SELECT s.id, s.score, s.probability_of_repayment, s.model_version, s.calculated_at
           FROM credit_scores s
          WHERE s.user_id = $1 AND s.model_version = $2
            AND coalesce(s.wallet_address, '') =
                coalesce((SELECT w.address FROM wallets w WHERE w.user_id = $1 ORDER BY w.created_at LIMIT 1), '')
          ORDER BY s.calculated_at DESC LIMIT 1
       ), debt AS (
         SELECT coalesce(sum(${PRINCIPAL_OWED}), 0)::text AS outstanding
           FROM loan_installments i JOIN loans l ON l.id = i.loan_id
          WHERE l.user_id = $1 AND l.status IN ('active','defaulted')
       )
       SELECT d.outstanding, s.id IS NOT NULL AS has_score,
              s.id, s.score, s.probability_of_repayment, s.model_version, s.calculated_at
         FROM debt d LEFT JOIN score s ON true`,
      [userId, modelVersion],
      'loan-quote-inputs',
    );
    const { outstanding, has_score, ...score } = r;
    return { outstanding, score: has_score ? score : null };
  }
}
