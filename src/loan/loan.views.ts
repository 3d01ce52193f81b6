import { toCentsRounded, centsToNumber } from './amortization/money.js';
import { utcDay } from './due-dates.js';
import type { InstallmentDto, LoanApplicationDto, LoanDetailDto, LoanSummaryDto, PaymentDto } from './dto/loan.dto.js';
import type { LoanInstallment } from '../loan-record/entities/loan-installment.entity.js';
import type { LoanPayment } from '../loan-record/entities/loan-payment.entity.js';
import type { Loan } from '../loan-record/entities/loan.entity.js';

/** A numeric column as a JSON number rounded to cents: money leaves the service only this way. */
export const money = (value: string): number => centsToNumber(toCentsRounded(value) ?? 0n);
const moneyOrNull = (value: string | null): number | null => (value === null ? null : money(value));
const rate = (value: string | null): number | null => (value === null ? null : Number(value));
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export const ESTIMATED_RESPONSE_TIME = '24-48 hours';

export function applicationView(row: Loan): LoanApplicationDto {
  return {
    id: row.id,
    application_number: row.applicationNumber,
    status: row.status,
    loan_type: row.loanType,
    requested_amount: money(row.requestedAmount),
    requested_term_months: row.requestedTermMonths,
    requested_rate: rate(row.requestedRate),
    credit_score_at_application: row.creditScoreAtApplication,
    approval_probability: Number(row.approvalProbability),
    submitted_at: new Date(row.submittedAt).toISOString(),
    estimated_response_time: ESTIMATED_RESPONSE_TIME,
  };
}

export function summaryView(row: Loan & { outstanding?: string | null }): LoanSummaryDto {
  return {
    ...applicationView(row),
    decision: {
      approved_amount: moneyOrNull(row.approvedAmount),
      approved_rate: rate(row.approvedRate),
      approved_term_months: row.approvedTermMonths,
      monthly_payment: moneyOrNull(row.monthlyPayment),
      reason: row.decisionReason,
      decided_at: iso(row.decidedAt),
    },
    disbursed_at: iso(row.disbursedAt),
    closed_at: iso(row.closedAt),
    outstanding_principal: moneyOrNull(row.outstanding ?? null),
  };
}

export function installmentStatus(row: LoanInstallment, today: string): InstallmentDto['status'] {
  const paid = (toCentsRounded(row.amountPaid) ?? 0n) >= (toCentsRounded(row.amountDue) ?? 0n);
  if (paid) return row.paidAt && utcDay(new Date(row.paidAt)) > row.dueDate ? 'paid_late' : 'paid_on_time';
  if (row.dueDate < today) return 'overdue';
  return row.dueDate === today ? 'due' : 'upcoming';
}

export function detailView(
  row: Loan & { outstanding?: string | null },
  installments: LoanInstallment[],
  payments: LoanPayment[],
  now = new Date(),
): LoanDetailDto {
  const today = utcDay(now);
  return {
    ...summaryView(row),
    application_data: row.applicationData,
    installments: installments.map((i) => ({
      number: i.number,
      due_date: i.dueDate,
      amount_due: money(i.amountDue),
      principal: money(i.principal),
      interest: money(i.interest),
      amount_paid: money(i.amountPaid),
      status: installmentStatus(i, today),
      paid_at: iso(i.paidAt),
    })),
    payments: payments.map((p): PaymentDto => ({
      id: p.id,
      amount: money(p.amount),
      paid_at: new Date(p.paidAt).toISOString(),
      timeliness: p.timeliness,
    })),
  };
}
