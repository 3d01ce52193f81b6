import { Injectable } from '@nestjs/common';
import { LoanRecordRepository, type QuoteScoreRow } from './loan-record.repository.js';
import { MISSED_AFTER_DAYS, type LoanRecord } from './loan-record.types.js';

export type { QuoteScoreRow } from './loan-record.repository.js';

/**
 * A user's borrowing in the scorecard's terms, for credit, reputation and loan quotes. Only loans whose money moved
 * (active, repaid, defaulted) count: an application alone is an inquiry, not credit. One statement: every
 * loan quote reads it.
 */
@Injectable()
export class LoanRecordService {
  constructor(private readonly records: LoanRecordRepository) {}

  async read(userId: string, now = new Date()): Promise<LoanRecord> {
    const r = await this.records.record(userId, now.toISOString().slice(0, 10), MISSED_AFTER_DAYS);
    return {
      payments: { onTime: r.on_time, late: r.late, missed: r.missed },
      outstandingDebt: r.outstanding,
      approvedCredit: r.approved,
      loanTypes: r.types ?? [],
      defaultedLoans: r.defaulted,
      repaidLoans: r.repaid,
    };
  }

  /**
   * What a loan quote or application needs, in one statement: the record's outstandingDebt and the newest
   * score of `modelVersion` for the default wallet, of any age (the credit module decides whether it is fresh).
   */
  async outstandingAndScore(
    userId: string,
    modelVersion: string,
  ): Promise<{ outstandingDebt: string; score: QuoteScoreRow | null }> {
    const r = await this.records.outstandingAndScore(userId, modelVersion);
    return { outstandingDebt: r.outstanding, score: r.score };
  }
}
