import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LoanRecord } from '../credit/credit-extensions.js';
import { MISSED_AFTER_DAYS } from './due-dates.js';

/**
 * A user's borrowing in the scorecard's terms, for the credit module. Only loans whose money moved
 * (active, repaid, defaulted) count: an application alone is an inquiry, not credit.
 */
@Injectable()
export class LoanRecordReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(userId: string, now = new Date()): Promise<LoanRecord & { repaidLoans: number }> {
    const [loans, payments] = await Promise.all([
      this.db.query<
        { approved: string; outstanding: string; types: string[] | null; defaulted: number; repaid: number }[]
      >(
        `SELECT coalesce(sum(l.approved_amount), 0)::text AS approved,
                count(*) FILTER (WHERE l.status = 'repaid')::int AS repaid,
                coalesce(sum(o.outstanding) FILTER (WHERE l.status IN ('active','defaulted')), 0)::text AS outstanding,
                array_agg(DISTINCT l.loan_type) AS types,
                count(*) FILTER (WHERE l.status = 'defaulted')::int AS defaulted
         FROM loans l
         LEFT JOIN LATERAL (
           -- Payments settle each instalment's interest first, so principal owed is what they have not reached.
           SELECT sum(greatest(0, i.principal - greatest(0, i.amount_paid - i.interest))) AS outstanding
           FROM loan_installments i WHERE i.loan_id = l.id
         ) o ON true
         WHERE l.user_id = $1 AND l.status IN ('active','repaid','defaulted')`,
        [userId],
      ),
      this.db.query<{ on_time: number; late: number; missed: number }[]>(
        `SELECT count(*) FILTER (WHERE i.amount_paid >= i.amount_due AND (i.paid_at AT TIME ZONE 'UTC')::date <= i.due_date)::int AS on_time,
                count(*) FILTER (WHERE i.amount_paid >= i.amount_due AND (i.paid_at AT TIME ZONE 'UTC')::date > i.due_date)::int AS late,
                count(*) FILTER (WHERE i.amount_paid < i.amount_due AND i.due_date < ($2::date - $3::int))::int AS missed
         FROM loan_installments i JOIN loans l ON l.id = i.loan_id
         WHERE l.user_id = $1 AND l.status IN ('active','repaid','defaulted')`,
        [userId, now.toISOString().slice(0, 10), MISSED_AFTER_DAYS],
      ),
    ]);
    const l = loans[0];
    const p = payments[0];
    return {
      payments: { onTime: p.on_time, late: p.late, missed: p.missed },
      outstandingDebt: l.outstanding,
      approvedCredit: l.approved,
      loanTypes: l.types ?? [],
      defaultedLoans: l.defaulted,
      repaidLoans: l.repaid,
    };
  }
}
