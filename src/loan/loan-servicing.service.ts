import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '../audit/index.js';
import { AuditService } from '../audit/audit.service.js';
import { CreditHistoryService } from '../credit/credit-history.service.js';
import { validationFailed } from '../common/errors/index.js';
import { pageRequest, pagination, type PageQueryDto } from '../common/http/pagination.js';
import { prefixedId } from '../common/http/ids.js';
import { queryRows } from '../database/query-rows.js';
import { MISSED_AFTER_DAYS } from '../loan-record/loan-record.types.js';
import { amortize } from './amortization/amortization.js';
import { loanTermErrors } from './amortization/loan-terms.js';
import { formatCents, toCents, toCentsRounded } from './amortization/money.js';
import type { DefaultLoanDto, DisburseLoanDto, LoanDecisionDto, RecordPaymentDto } from './dto/admin-loan.dto.js';
import type { LoanDetailDto, LoanListDto } from './dto/loan.dto.js';
import { dueDate, utcDay } from './due-dates.js';
import { eventDate, latestMilestone } from './loan-timeline.js';
import { LoanRepository, type LoanWithOutstanding } from './loan.repository.js';
import type { InstallmentRow, LoanRow, LoanStatus } from './loan.types.js';
import { detailView, summaryView } from './loan.views.js';
import { LoansError } from './loans.errors.js';
import { LOAN_PRODUCTS } from './products/loan-products.js';

/** What a decision writes; its audit record shows these as they were and became. */
const DECISION_FIELDS = [
  'status',
  'approved_amount',
  'approved_rate',
  'approved_term_months',
  'monthly_payment',
  'decision_reason',
  'decided_by',
  'decided_at',
  'closed_at',
] as const;

type DecisionFields = Pick<LoanRow, (typeof DECISION_FIELDS)[number]>;

const pick = <K extends keyof LoanRow>(loan: LoanRow, keys: readonly K[]): Pick<LoanRow, K> =>
  Object.fromEntries(keys.map((k) => [k, loan[k]])) as Pick<LoanRow, K>;

const cents = (value: string | null): bigint => (value === null ? 0n : (toCentsRounded(value) ?? 0n));

/**
 * What underwriters and admins do to a loan: decide, disburse, record payments, declare default. Every
 * transition locks the loan row, so two operators acting at once cannot both move it; none is allowed on a
 * loan the actor borrows; every date follows the loan's own timeline (application, approval, disbursement,
 * payments) and is not in the future; and each writes its audit record in its own transaction.
 */
@Injectable()
export class LoanServicingService {
  constructor(
    private readonly loans: LoanRepository,
    private readonly history: CreditHistoryService,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQueryDto & { status?: string }): Promise<LoanListDto> {
    const page = pageRequest(query);
    const { rows, total } = await this.loans.list({ status: query.status as LoanStatus | undefined }, page);
    return { loans: rows.map(summaryView), pagination: pagination(page, total) };
  }

  async get(id: string): Promise<LoanDetailDto> {
    const loan = await this.loans.find(id);
    if (!loan) throw LoansError.notFound();
    const [installments, payments] = await Promise.all([this.loans.installments(id), this.loans.payments(id)]);
    return detailView(loan, installments, payments);
  }

  async decide(actor: AuditActor, id: string, body: LoanDecisionDto): Promise<LoanDetailDto> {
    await this.loans.transaction(async (manager) => {
      const loan = await this.lockedLoan(manager, id);
      if (loan.user_id === actor.userId) throw LoansError.ownApplication();
      if (loan.status !== 'submitted') throw LoansError.wrongState(loan.status, 'decided');
      const after =
        body.decision === 'reject'
          ? await this.reject(manager, actor, loan, body)
          : await this.approve(manager, actor, loan, body);
      await this.audit.record(manager, actor, {
        action: body.decision === 'reject' ? 'loan.reject' : 'loan.approve',
        target: { type: 'loan', id },
        before: pick(loan, DECISION_FIELDS),
        after,
      });
    });
    return this.get(id);
  }

  async disburse(actor: AuditActor, id: string, body: DisburseLoanDto): Promise<LoanDetailDto> {
    await this.loans.transaction(async (manager) => {
      const loan = await this.lockedLoan(manager, id);
      if (loan.user_id === actor.userId) throw LoansError.ownLoan();
      if (loan.status !== 'approved') throw LoansError.wrongState(loan.status, 'disbursed');
      const floor = latestMilestone([
        { event: 'the application', at: loan.submitted_at },
        { event: 'the approval', at: loan.decided_at },
      ]);
      const at = eventDate(body.disbursed_at, 'disbursed_at', floor);
      if (floor && at < floor.at) throw LoansError.disbursementOutOfOrder(floor);
      const schedule = amortize({
        amount: loan.approved_amount!,
        annualRatePercent: loan.approved_rate!,
        termMonths: loan.approved_term_months!,
      }).schedule;
      const values: unknown[] = [];
      const tuples = schedule.map((row, k) => {
        values.push(
          row.month,
          dueDate(at, k + 1),
          formatCents(row.payment),
          formatCents(row.principal),
          formatCents(row.interest),
        );
        const b = k * 5;
        return `($1, $${b + 2}, $${b + 3}::date, $${b + 4}, $${b + 5}, $${b + 6})`;
      });
      await manager.query(
        `INSERT INTO loan_installments (loan_id, number, due_date, amount_due, principal, interest) VALUES ${tuples.join(', ')}`,
        [id, ...values],
      );
      await manager.query(`UPDATE loans SET status = 'active', disbursed_at = $2, updated_at = now() WHERE id = $1`, [
        id,
        at,
      ]);
      await this.history.record(
        {
          userId: loan.user_id,
          type: 'loan_disbursement',
          date: at,
          amount: loan.approved_amount,
          impact: 'neutral',
          description: `Loan ${loan.application_number} disbursed`,
          reference: id,
        },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'loan.disburse',
        target: { type: 'loan', id },
        before: pick(loan, ['status', 'disbursed_at']),
        after: { status: 'active', disbursed_at: at, installments: schedule.length },
      });
    });
    return this.get(id);
  }

  /**
   * Applies a payment to the oldest unpaid instalments, each one's interest before its principal. It is
   * on time when the oldest instalment it reaches was not yet past due; an instalment is paid on time when
   * the payment that completes it is dated on or before its due date. The last one repays the loan.
   */
  async recordPayment(actor: AuditActor, id: string, body: RecordPaymentDto): Promise<LoanDetailDto> {
    const amount = toCents(body.amount);
    if (amount === null || amount <= 0n)
      throw validationFailed([
        { field: 'amount', message: 'must be a positive amount with at most two decimal places' },
      ]);
    await this.loans.transaction(async (manager) => {
      const loan = await this.lockedLoan(manager, id);
      if (loan.user_id === actor.userId) throw LoansError.ownLoan();
      if (loan.status !== 'active') throw LoansError.wrongState(loan.status, 'paid');
      const [last] = await manager.query<{ at: Date | null }[]>(
        `SELECT max(paid_at) AS at FROM loan_payments WHERE loan_id = $1`,
        [id],
      );
      const floor = latestMilestone([
        { event: 'the application', at: loan.submitted_at },
        { event: 'the approval', at: loan.decided_at },
        { event: 'the disbursement', at: loan.disbursed_at },
        { event: 'the last recorded payment', at: last.at },
      ]);
      // "Now" is read once the loan is locked: read before, a parallel payment that locked it first could
      // carry a later time and make this one look out of order.
      const paidAt = eventDate(body.paid_at, 'paid_at', floor);
      if (floor && paidAt < floor.at) throw LoansError.paymentOutOfOrder(floor);

      const installments = await this.loans.installments(id, manager);
      const open = installments.filter((i) => cents(i.amount_paid) < cents(i.amount_due));
      const owed = open.reduce((sum, i) => sum + cents(i.amount_due) - cents(i.amount_paid), 0n);
      if (amount > owed) throw LoansError.overpayment(formatCents(owed));

      const day = utcDay(paidAt);
      const timeliness = open[0].due_date < day ? 'late' : 'on_time';
      let left = amount;
      for (const inst of open) {
        if (left === 0n) break;
        const take = minBig(left, cents(inst.amount_due) - cents(inst.amount_paid));
        left -= take;
        const complete = cents(inst.amount_paid) + take === cents(inst.amount_due);
        await manager.query(
          `UPDATE loan_installments SET amount_paid = amount_paid + $3, paid_at = CASE WHEN $4 THEN $5::timestamptz ELSE paid_at END
           WHERE loan_id = $1 AND number = $2`,
          [id, inst.number, formatCents(take), complete, paidAt],
        );
      }
      const paymentId = prefixedId('lp');
      await manager.query(
        `INSERT INTO loan_payments (id, loan_id, amount, paid_at, timeliness, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [paymentId, id, formatCents(amount), paidAt, timeliness, actor.userId],
      );
      await this.history.record(
        timeliness === 'on_time'
          ? {
              userId: loan.user_id,
              type: 'loan_payment',
              date: paidAt,
              amount: formatCents(amount),
              impact: 'positive',
              description: 'On-time loan payment',
              reference: paymentId,
            }
          : {
              userId: loan.user_id,
              type: 'late_payment',
              date: paidAt,
              amount: formatCents(amount),
              impact: 'negative',
              description: `Late loan payment (instalment due ${open[0].due_date})`,
              reference: paymentId,
            },
        manager,
      );
      const repaid = amount === owed;
      if (repaid) {
        await manager.query(`UPDATE loans SET status = 'repaid', closed_at = $2, updated_at = now() WHERE id = $1`, [
          id,
          paidAt,
        ]);
        await this.history.record(
          {
            userId: loan.user_id,
            type: 'loan_repaid',
            date: paidAt,
            amount: loan.approved_amount,
            impact: 'positive',
            description: `Loan ${loan.application_number} repaid in full`,
            reference: id,
          },
          manager,
        );
      }
      await this.audit.record(manager, actor, {
        action: 'loan.payment',
        target: { type: 'loan', id },
        before: { status: loan.status, balance: formatCents(owed), closed_at: loan.closed_at },
        after: {
          status: repaid ? 'repaid' : loan.status,
          balance: formatCents(owed - amount),
          closed_at: repaid ? paidAt : loan.closed_at,
          payment: { id: paymentId, amount: formatCents(amount), paid_at: paidAt, timeliness },
        },
      });
    });
    return this.get(id);
  }

  /** Charge-off: allowed once an instalment is more than 30 days overdue (the missed-payment mark). */
  async declareDefault(actor: AuditActor, id: string, body: DefaultLoanDto, now = new Date()): Promise<LoanDetailDto> {
    await this.loans.transaction(async (manager) => {
      const loan = await this.lockedLoan(manager, id);
      if (loan.user_id === actor.userId) throw LoansError.ownLoan();
      if (loan.status !== 'active') throw LoansError.wrongState(loan.status, 'declared in default');
      const installments = await this.loans.installments(id, manager);
      const cutoff = utcDay(new Date(now.getTime() - MISSED_AFTER_DAYS * 86_400_000));
      if (!installments.some((i: InstallmentRow) => cents(i.amount_paid) < cents(i.amount_due) && i.due_date < cutoff))
        throw LoansError.notDelinquent();
      const [after] = await queryRows<Pick<LoanRow, 'status' | 'decision_reason' | 'closed_at'>>(
        manager,
        `UPDATE loans SET status = 'defaulted', decision_reason = coalesce(decision_reason, $2), closed_at = now(), updated_at = now()
         WHERE id = $1 RETURNING status, decision_reason, closed_at`,
        [id, body.reason],
      );
      await this.history.record(
        {
          userId: loan.user_id,
          type: 'loan_default',
          date: now,
          amount: loan.outstanding,
          impact: 'negative',
          description: `Loan ${loan.application_number} in default`,
          reference: id,
        },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'loan.default',
        target: { type: 'loan', id },
        before: pick(loan, ['status', 'decision_reason', 'closed_at']),
        after: { ...after, reason: body.reason },
      });
    });
    return this.get(id);
  }

  private async reject(
    manager: EntityManager,
    actor: AuditActor,
    loan: LoanWithOutstanding,
    body: LoanDecisionDto,
  ): Promise<DecisionFields> {
    if (!body.reason) throw validationFailed([{ field: 'reason', message: 'is required to reject an application' }]);
    const [row] = await queryRows<DecisionFields>(
      manager,
      `UPDATE loans SET status = 'rejected', decision_reason = $2, decided_by = $3, decided_at = now(), closed_at = now(),
         updated_at = now() WHERE id = $1 RETURNING ${DECISION_FIELDS.join(', ')}`,
      [loan.id, body.reason, actor.userId],
    );
    await this.history.record(
      {
        userId: loan.user_id,
        type: 'loan_rejected',
        date: new Date(row.decided_at!),
        impact: 'neutral',
        description: `Loan application ${loan.application_number} declined`,
        reference: loan.id,
      },
      manager,
    );
    return row;
  }

  private async approve(
    manager: EntityManager,
    actor: AuditActor,
    loan: LoanWithOutstanding,
    body: LoanDecisionDto,
  ): Promise<DecisionFields> {
    const product = LOAN_PRODUCTS[loan.loan_type];
    const amount = body.approved_amount ?? loan.requested_amount;
    const rate = body.approved_rate ?? loan.requested_rate ?? product.baseAprPercent;
    const term = body.approved_term_months ?? loan.requested_term_months;
    const errors = loanTermErrors(
      { amount, annualRatePercent: rate, termMonths: term },
      { amount: 'approved_amount', rate: 'approved_rate', termMonths: 'approved_term_months' },
    );
    const amountCents = toCents(amount);
    if (!errors.length && amountCents !== null) {
      if (amountCents > cents(loan.requested_amount))
        errors.push({ field: 'approved_amount', message: 'must not exceed the requested amount' });
      else if (amountCents < BigInt(product.minAmount) * 100n)
        errors.push({
          field: 'approved_amount',
          message: `must be at least ${product.minAmount} for ${loan.loan_type} loans`,
        });
      if (term < product.minTermMonths || term > product.maxTermMonths)
        errors.push({
          field: 'approved_term_months',
          message: `must be between ${product.minTermMonths} and ${product.maxTermMonths} months for ${loan.loan_type} loans`,
        });
    }
    if (errors.length) throw validationFailed(errors);
    const payment = amortize({ amount, annualRatePercent: rate, termMonths: term }).monthlyPayment;
    const [row] = await queryRows<DecisionFields>(
      manager,
      `UPDATE loans SET status = 'approved', approved_amount = $2, approved_rate = $3, approved_term_months = $4,
         monthly_payment = $5, decision_reason = $6, decided_by = $7, decided_at = now(), updated_at = now()
       WHERE id = $1 RETURNING ${DECISION_FIELDS.join(', ')}`,
      [loan.id, formatCents(amountCents!), String(rate), term, formatCents(payment), body.reason ?? null, actor.userId],
    );
    await this.history.record(
      {
        userId: loan.user_id,
        type: 'loan_approved',
        date: new Date(row.decided_at!),
        amount: row.approved_amount,
        impact: 'positive',
        description: `Loan application ${loan.application_number} approved`,
        reference: loan.id,
      },
      manager,
    );
    return row;
  }

  private async lockedLoan(manager: EntityManager, id: string): Promise<LoanWithOutstanding> {
    const loan = await this.loans.find(id, { manager, lock: true });
    if (!loan) throw LoansError.notFound();
    return loan;
  }
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
