import { toCentsRounded, centsToNumber } from './amortization/money.js';
import { utcDay } from './due-dates.js';
import type { InstallmentDto, LoanApplicationDto, LoanDetailDto, LoanSummaryDto, PaymentDto } from './dto/loan.dto.js';
import type { InstallmentRow, LoanRow, PaymentRow } from './loan.types.js';

/** A numeric column as a JSON number rounded to cents: money leaves the service only this way. */
export const money = (value: string): number => centsToNumber(toCentsRounded(value) ?? 0n);
const moneyOrNull = (value: string | null): number | null => (value === null ? null : money(value));
const rate = (value: string | null): number | null => (value === null ? null : Number(value));
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export const ESTIMATED_RESPONSE_TIME = '24-48 hours';

export function applicationView(row: LoanRow): LoanApplicationDto {
  return {
    id: row.id,
    application_number: row.application_number,
    status: row.status,
    loan_type: row.loan_type,
    requested_amount: money(row.requested_amount),
    requested_term_months: row.requested_term_months,
    requested_rate: rate(row.requested_rate),
    credit_score_at_application: row.credit_score_at_application,
    approval_probability: Number(row.approval_probability),
    submitted_at: new Date(row.submitted_at).toISOString(),
    estimated_response_time: ESTIMATED_RESPONSE_TIME,
  };
}

export function summaryView(row: LoanRow & { outstanding?: string | null }): LoanSummaryDto {
  return {
    ...applicationView(row),
    decision: {
      approved_amount: moneyOrNull(row.approved_amount),
      approved_rate: rate(row.approved_rate),
      approved_term_months: row.approved_term_months,
      monthly_payment: moneyOrNull(row.monthly_payment),
      reason: row.decision_reason,
      decided_at: iso(row.decided_at),
    },
    disbursed_at: iso(row.disbursed_at),
    closed_at: iso(row.closed_at),
    outstanding_principal: moneyOrNull(row.outstanding ?? null),
  };
}

export function installmentStatus(row: InstallmentRow, today: string): InstallmentDto['status'] {
  const paid = (toCentsRounded(row.amount_paid) ?? 0n) >= (toCentsRounded(row.amount_due) ?? 0n);
  if (paid) return row.paid_at && utcDay(new Date(row.paid_at)) > row.due_date ? 'paid_late' : 'paid_on_time';
  if (row.due_date < today) return 'overdue';
  return row.due_date === today ? 'due' : 'upcoming';
}

export function detailView(
  row: LoanRow & { outstanding?: string | null },
  installments: InstallmentRow[],
  payments: PaymentRow[],
  now = new Date(),
): LoanDetailDto {
  const today = utcDay(now);
  return {
    ...summaryView(row),
    application_data: row.application_data,
    installments: installments.map((i) => ({
      number: i.number,
      due_date: i.due_date,
      amount_due: money(i.amount_due),
      principal: money(i.principal),
      interest: money(i.interest),
      amount_paid: money(i.amount_paid),
      status: installmentStatus(i, today),
      paid_at: iso(i.paid_at),
    })),
    payments: payments.map((p): PaymentDto => ({
      id: p.id,
      amount: money(p.amount),
      paid_at: new Date(p.paid_at).toISOString(),
      timeliness: p.timeliness,
    })),
  };
}
