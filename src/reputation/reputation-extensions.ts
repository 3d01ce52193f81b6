import { Injectable } from '@nestjs/common';
import { NO_LOANS, type LoanRecord } from './model/reputation-model.js';

export type { LoanRecord } from './model/reputation-model.js';
export type LoanRecordReader = (userId: string) => Promise<LoanRecord>;

/**
 * On-platform loan repayment feeds the behaviour segment and the profile's `payments`, but the loan module
 * owns those tables. It registers a reader here, so reputation needs no import of loan internals and loans
 * may depend on reputation. Until one is registered every user has no loan record.
 */
@Injectable()
export class ReputationExtensions {
  private loanReader: LoanRecordReader | null = null;

  setLoanRecordReader(reader: LoanRecordReader): void {
    this.loanReader = reader;
  }

  loanRecord(userId: string): Promise<LoanRecord> {
    return this.loanReader ? this.loanReader(userId) : Promise.resolve({ ...NO_LOANS });
  }
}
