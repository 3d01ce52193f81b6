import { Injectable } from '@nestjs/common';

/** What the loan module knows about a user's borrowing, in the scorecard's terms. */
export interface LoanRecord {
  payments: { onTime: number; late: number; missed: number };
  /** Principal still owed on active loans, decimal string. */
  outstandingDebt: string;
  /** Approved amount of loans that were disbursed (active, repaid or defaulted), decimal string. */
  approvedCredit: string;
  /** Distinct types of disbursed loans. */
  loanTypes: string[];
  defaultedLoans: number;
}

export const NO_LOAN_RECORD: LoanRecord = {
  payments: { onTime: 0, late: 0, missed: 0 },
  outstandingDebt: '0',
  approvedCredit: '0',
  loanTypes: [],
  defaultedLoans: 0,
};

/**
 * Loans depend on credit (a score at application), so credit cannot import loans. The loan module
 * registers its reader here at start-up instead; until it does, every user has no loan record.
 */
@Injectable()
export class CreditExtensions {
  private loanRecordReader: ((userId: string) => Promise<LoanRecord>) | null = null;

  setLoanRecordReader(reader: (userId: string) => Promise<LoanRecord>): void {
    this.loanRecordReader = reader;
  }

  loanRecord(userId: string): Promise<LoanRecord> {
    return this.loanRecordReader ? this.loanRecordReader(userId) : Promise.resolve(NO_LOAN_RECORD);
  }
}
