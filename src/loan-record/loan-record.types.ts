/** A user's borrowing on this platform, as credit, reputation and loans read it. */
export interface LoanRecord {
  payments: { onTime: number; late: number; missed: number };
  /** Principal still owed on active loans, decimal string. */
  outstandingDebt: string;
  /** Approved amount of loans that were disbursed (active, repaid or defaulted), decimal string. */
  approvedCredit: string;
  /** Distinct types of disbursed loans. */
  loanTypes: string[];
  defaultedLoans: number;
  repaidLoans: number;
}

/** An instalment unpaid this many days after its due date counts as missed (the 30-days-late mark). */
export const MISSED_AFTER_DAYS = 30;

/**
 * The loans table's statuses (its check constraint). submitted → approved | rejected | cancelled;
 * approved → active (disbursed) | cancelled; active → repaid | defaulted.
 */
export type LoanStatus = 'submitted' | 'approved' | 'rejected' | 'cancelled' | 'active' | 'repaid' | 'defaulted';

export const LOAN_STATUSES: LoanStatus[] = [
  'submitted',
  'approved',
  'rejected',
  'cancelled',
  'active',
  'repaid',
  'defaulted',
];

/** The loans table's loan types (its check constraint); the loan module's products price each. */
export type LoanType = 'personal' | 'mortgage' | 'auto' | 'business';
