import type { LoanType } from './products/loan-products.js';

/**
 * submitted → approved | rejected | cancelled; approved → active (disbursed) | cancelled;
 * active → repaid | defaulted.
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

/** A loans row as the database returns it: numerics are exact decimal strings. */
export interface LoanRow {
  id: string;
  application_number: string;
  user_id: string;
  status: LoanStatus;
  loan_type: LoanType;
  requested_amount: string;
  requested_term_months: number;
  requested_rate: string | null;
  application_data: Record<string, unknown>;
  credit_score_id: string | null;
  credit_score_at_application: number;
  approval_probability: string;
  approval_assessment: Record<string, unknown>;
  idempotency_key: string | null;
  request_hash: string;
  approved_amount: string | null;
  approved_rate: string | null;
  approved_term_months: number | null;
  monthly_payment: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  disbursed_at: Date | null;
  closed_at: Date | null;
  submitted_at: Date;
  updated_at: Date;
}

export interface InstallmentRow {
  loan_id: string;
  number: number;
  /** YYYY-MM-DD. */
  due_date: string;
  amount_due: string;
  principal: string;
  interest: string;
  amount_paid: string;
  paid_at: Date | null;
}

export interface PaymentRow {
  id: string;
  loan_id: string;
  amount: string;
  paid_at: Date;
  timeliness: 'on_time' | 'late';
  created_at: Date;
}
