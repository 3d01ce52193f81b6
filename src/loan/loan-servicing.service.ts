import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '../audit/index.js';
import { AuditService } from '../audit/audit.service.js';
import { CreditHistoryService } from '../credit/credit-history.service.js';
import { validationFailed } from '../common/errors/index.js';
import { pageRequest, pagination, type PageQueryDto } from '../common/http/pagination.js';
import { prefixedId } from '../common/http/ids.js';
import type { LoanInstallment } from '../loan-record/entities/loan-installment.entity.js';
import type { Loan } from '../loan-record/entities/loan.entity.js';
import { LoanBookService, type DecisionColumns, type LoanWithOutstanding } from '../loan-record/loan-book.service.js';
import { MISSED_AFTER_DAYS, type LoanStatus } from '../loan-record/loan-record.types.js';
import { amortize } from './amortization/amortization.js';
import { loanTermErrors } from './amortization/loan-terms.js';
import { formatCents, toCents, toCentsRounded } from './amortization/money.js';
import type { DefaultLoanDto, DisburseLoanDto, LoanDecisionDto, RecordPaymentDto } from './dto/admin-loan.dto.js';
import type { LoanDetailDto, LoanListDto } from './dto/loan.dto.js';
import { dueDate, utcDay } from './due-dates.js';
import { eventDate, latestMilestone } from './loan-timeline.js';
import { detailView, summaryView } from './loan.views.js';
import { LoansError } from './loans.errors.js';
import { LOAN_PRODUCTS } from './products/loan-products.js';

/** What a decision writes, under the column names its audit record shows (as they were and became). */
const decisionAudit = (loan: DecisionColumns) => ({
  status: loan.status,
  approved_amount: loan.approvedAmount,
  approved_rate: loan.approvedRate,
  approved_term_months: loan.approvedTermMonths,
  monthly_payment: loan.monthlyPayment,
  decision_reason: loan.decisionReason,
  decided_by: loan.decidedBy,
  decided_at: loan.decidedAt,
  closed_at: loan.closedAt,
});

/** What a default writes, named the same way. */
const defaultAudit = (loan: Pick<Loan, 'status' | 'decisionReason' | 'closedAt'>) => ({
  status: loan.status,
  decision_reason: loan.decisionReason,
  closed_at: loan.closedAt,
});

type DecisionAudit = ReturnType<typeof decisionAudit>;

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
    private readonly loans: LoanBookService,
    private readonly history: CreditHistoryService,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQueryDto & { status?: string }): Promise<LoanListDto> {
    const page = pageRequest(query);
    const { rows, total } = await this.loans.list({ status: query.status as LoanStatus | undefined }, page);
    return { loans: rows.map(summaryView), pagination: pagination(page, total) };
  }

  async get(id: string): Promise<LoanDetailDto> {
    const found = await this.loans.detail(id);
    if (!found) throw LoansError.notFound();
    return detailView(found.loan, found.installments, found.payments);
  }

  async decide(actor: AuditActor, id: string, body: LoanDecisionDto): Promise<LoanDetailDto> {
    await this.loans.transaction(async (manager) => {
      const loan = await this.lockedLoan(manager, id);
      if (loan.userId === actor.userId) throw LoansError.ownApplication();
      if (loan.status !== 'submitted') throw LoansError.wrongState(loan.status, 'decided');
      const after =
        body.decision === 'reject'
          ? await this.reject(manager, actor, loan, body)
          : await this.approve(manager, actor, loan, body);
      await this.audit.record(manager, actor, {
        action: body.decision === 'reject' ? 'loan.reject' : 'loan.approve',
        target: { type: 'loan', id },
        before: decisionAudit(loan),
        after,
      });
    });
    return this.get(id);
  }

  async disburse(actor: AuditActor, id: string, body: DisburseLoanDto): Promise<LoanDetailDto> {
    await this.loans.transaction(async (manager) => {
      const loan = await this.lockedLoan(manager, id);
      if (loan.userId === actor.userId) throw LoansError.ownLoan();
      if (loan.status !== 'approved') throw LoansError.wrongState(loan.status, 'disbursed');
      const floor = latestMilestone([
        { event: 'the application', at: loan.submittedAt },
        { event: 'the approval', at: loan.decidedAt },
      ]);
      const at = eventDate(body.disbursed_at, 'disbursed_at', floor);
      if (floor && at < floor.at) throw LoansError.disbursementOutOfOrder(floor);
      const schedule = amortize({
        amount: loan.approvedAmount!,
        annualRatePercent: loan.approvedRate!,
        termMonths: loan.approvedTermMonths!,
      }).schedule;
      await this.loans.disburse(
        manager,
        id,
        at,
        schedule.map((row, k) => ({
          number: row.month,
          dueDate: dueDate(at, k + 1),
          amountDue: formatCents(row.payment),
          principal: formatCents(row.principal),
          interest: formatCents(row.interest),
        })),
      );
      await this.history.record(
        {
          userId: loan.userId,
          type: 'loan_disbursement',
          date: at,
          amount: loan.approvedAmount,
          impact: 'neutral',
          description: `Loan ${loan.applicationNumber} disbursed`,
          reference: id,
        },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'loan.disburse',
        target: { type: 'loan', id },
        before: { status: loan.status, disbursed_at: loan.disbursedAt },
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
      if (loan.userId === actor.userId) throw LoansError.ownLoan();
      if (loan.status !== 'active') throw LoansError.wrongState(loan.status, 'paid');
      const last = await this.loans.lastPaymentAt(manager, id);
      const floor = latestMilestone([
        { event: 'the application', at: loan.submittedAt },
        { event: 'the approval', at: loan.decidedAt },
        { event: 'the disbursement', at: loan.disbursedAt },
        { event: 'the last recorded payment', at: last },
      ]);
      // "Now" is read once the loan is locked: read before, a parallel payment that locked it first could
      // carry a later time and make this one look out of order.
      const paidAt = eventDate(body.paid_at, 'paid_at', floor);
      if (floor && paidAt < floor.at) throw LoansError.paymentOutOfOrder(floor);

      const installments = await this.loans.installmentsOf(manager, id);
      const open = installments.filter((i) => cents(i.amountPaid) < cents(i.amountDue));
      const owed = open.reduce((sum, i) => sum + cents(i.amountDue) - cents(i.amountPaid), 0n);
      if (amount > owed) throw LoansError.overpayment(formatCents(owed));

      const day = utcDay(paidAt);
      const timeliness = open[0].dueDate < day ? 'late' : 'on_time';
      let left = amount;
      for (const inst of open) {
        if (left === 0n) break;
        const take = minBig(left, cents(inst.amountDue) - cents(inst.amountPaid));
        left -= take;
        const complete = cents(inst.amountPaid) + take === cents(inst.amountDue);
        await this.loans.payInstallment(manager, id, inst.number, formatCents(take), complete ? paidAt : null);
      }
      const paymentId = prefixedId('lp');
      await this.loans.recordPayment(manager, {
        id: paymentId,
        loanId: id,
        amount: formatCents(amount),
        paidAt,
        timeliness,
        recordedBy: actor.userId,
      });
      await this.history.record(
        timeliness === 'on_time'
          ? {
              userId: loan.userId,
              type: 'loan_payment',
              date: paidAt,
              amount: formatCents(amount),
              impact: 'positive',
              description: 'On-time loan payment',
              reference: paymentId,
            }
          : {
              userId: loan.userId,
              type: 'late_payment',
              date: paidAt,
              amount: formatCents(amount),
              impact: 'negative',
              description: `Late loan payment (instalment due ${open[0].dueDate})`,
              reference: paymentId,
            },
        manager,
      );
      const repaid = amount === owed;
      if (repaid) {
        await this.loans.markRepaid(manager, id, paidAt);
        await this.history.record(
          {
            userId: loan.userId,
            type: 'loan_repaid',
            date: paidAt,
            amount: loan.approvedAmount,
            impact: 'positive',
            description: `Loan ${loan.applicationNumber} repaid in full`,
            reference: id,
          },
          manager,
        );
      }
      await this.audit.record(manager, actor, {
        action: 'loan.payment',
        target: { type: 'loan', id },
        before: { status: loan.status, balance: formatCents(owed), closed_at: loan.closedAt },
        after: {
          status: repaid ? 'repaid' : loan.status,
          balance: formatCents(owed - amount),
          closed_at: repaid ? paidAt : loan.closedAt,
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
      if (loan.userId === actor.userId) throw LoansError.ownLoan();
      if (loan.status !== 'active') throw LoansError.wrongState(loan.status, 'declared in default');
      const installments = await this.loans.installmentsOf(manager, id);
      const cutoff = utcDay(new Date(now.getTime() - MISSED_AFTER_DAYS * 86_400_000));
      if (!installments.some((i: LoanInstallment) => cents(i.amountPaid) < cents(i.amountDue) && i.dueDate < cutoff))
        throw LoansError.notDelinquent();
      const after = await this.loans.markDefaulted(manager, id, body.reason);
      await this.history.record(
        {
          userId: loan.userId,
          type: 'loan_default',
          date: now,
          amount: loan.outstanding,
          impact: 'negative',
          description: `Loan ${loan.applicationNumber} in default`,
          reference: id,
        },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'loan.default',
        target: { type: 'loan', id },
        before: defaultAudit(loan),
        after: { ...defaultAudit(after), reason: body.reason },
      });
    });
    return this.get(id);
  }

  private async reject(
    manager: EntityManager,
    actor: AuditActor,
    loan: LoanWithOutstanding,
    body: LoanDecisionDto,
  ): Promise<DecisionAudit> {
    if (!body.reason) throw validationFailed([{ field: 'reason', message: 'is required to reject an application' }]);
    const row = await this.loans.reject(manager, loan.id, body.reason, actor.userId);
    await this.history.record(
      {
        userId: loan.userId,
        type: 'loan_rejected',
        date: new Date(row.decidedAt!),
        impact: 'neutral',
        description: `Loan application ${loan.applicationNumber} declined`,
        reference: loan.id,
      },
      manager,
    );
    return decisionAudit(row);
  }

  private async approve(
    manager: EntityManager,
    actor: AuditActor,
    loan: LoanWithOutstanding,
    body: LoanDecisionDto,
  ): Promise<DecisionAudit> {
    const product = LOAN_PRODUCTS[loan.loanType];
    const amount = body.approved_amount ?? loan.requestedAmount;
    const rate = body.approved_rate ?? loan.requestedRate ?? product.baseAprPercent;
    const term = body.approved_term_months ?? loan.requestedTermMonths;
    const errors = loanTermErrors(
      { amount, annualRatePercent: rate, termMonths: term },
      { amount: 'approved_amount', rate: 'approved_rate', termMonths: 'approved_term_months' },
    );
    const amountCents = toCents(amount);
    if (!errors.length && amountCents !== null) {
      if (amountCents > cents(loan.requestedAmount))
        errors.push({ field: 'approved_amount', message: 'must not exceed the requested amount' });
      else if (amountCents < BigInt(product.minAmount) * 100n)
        errors.push({
          field: 'approved_amount',
          message: `must be at least ${product.minAmount} for ${loan.loanType} loans`,
        });
      if (term < product.minTermMonths || term > product.maxTermMonths)
        errors.push({
          field: 'approved_term_months',
          message: `must be between ${product.minTermMonths} and ${product.maxTermMonths} months for ${loan.loanType} loans`,
        });
    }
    if (errors.length) throw validationFailed(errors);
    const payment = amortize({ amount, annualRatePercent: rate, termMonths: term }).monthlyPayment;
    const row = await this.loans.approve(manager, loan.id, {
      approvedAmount: formatCents(amountCents!),
      approvedRate: String(rate),
      approvedTermMonths: term,
      monthlyPayment: formatCents(payment),
      decisionReason: body.reason ?? null,
      decidedBy: actor.userId,
    });
    await this.history.record(
      {
        userId: loan.userId,
        type: 'loan_approved',
        date: new Date(row.decidedAt!),
        amount: row.approvedAmount,
        impact: 'positive',
        description: `Loan application ${loan.applicationNumber} approved`,
        reference: loan.id,
      },
      manager,
    );
    return decisionAudit(row);
  }

  private async lockedLoan(manager: EntityManager, id: string): Promise<LoanWithOutstanding> {
    const loan = await this.loans.lock(manager, id);
    if (!loan) throw LoansError.notFound();
    return loan;
  }
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
