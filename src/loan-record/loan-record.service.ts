import { Injectable } from '@nestjs/common';
import { LoanRecordRepository } from './loan-record.repository.js';
import { MISSED_AFTER_DAYS, type LoanRecord } from './loan-record.types.js';

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
}
