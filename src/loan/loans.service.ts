import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CreditHistoryService } from '../credit/credit-history.service.js';
import { CreditScoreService } from '../credit/credit-score.service.js';
import { assessApproval } from '../credit/index.js';
import { pageRequest, pagination, type PageQueryDto } from '../common/http/pagination.js';
import { prefixedId } from '../common/http/ids.js';
import type { Loan } from '../loan-record/entities/loan.entity.js';
import { LoanBookService } from '../loan-record/loan-book.service.js';
import type { LoanStatus } from '../loan-record/loan-record.types.js';
import { applicationDataErrors } from './application-data.js';
import { amortize, calculateLoan, type LoanCalculation } from './amortization/amortization.js';
import { loanTermErrors, type TermFieldNames } from './amortization/loan-terms.js';
import { formatCents, toCents } from './amortization/money.js';
import type { ApplyLoanDto, CalculateLoanDto, LoanDetailDto, LoanListDto } from './dto/loan.dto.js';
import { detailView, summaryView } from './loan.views.js';
import { LoansError } from './loans.errors.js';
import { LOAN_PRODUCTS, LOAN_TYPES, loanProductErrors, type LoanType } from './products/loan-products.js';

/** Seed 000's defaults for POST /api/loans/calculate. */
export const CALCULATE_DEFAULTS = { amount: 1000, rate: 5.0, termMonths: 36 } as const;

const APPLY_FIELDS: TermFieldNames = {
  amount: 'requested_amount',
  rate: 'requested_rate',
  termMonths: 'requested_term_months',
};
const MAX_APPLICATION_DATA_KEYS = 50;
const MAX_APPLICATION_DATA_BYTES = 8 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface LoanQuote extends LoanCalculation {
  loanType: LoanType | null;
  approvalProbability: number;
  creditScore: number;
}

export interface ApplicationResult {
  loan: Loan;
  /** true when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** What a borrower does: price a loan, apply, follow and cancel their applications. */
@Injectable()
export class LoansService {
  constructor(
    private readonly loans: LoanBookService,
    private readonly scores: CreditScoreService,
    private readonly history: CreditHistoryService,
  ) {}

  /** POST /api/loans/calculate: the amortization, and the caller's odds of approval for it. */
  async quote(userId: string, body: CalculateLoanDto): Promise<LoanQuote> {
    const terms = {
      amount: body.amount ?? CALCULATE_DEFAULTS.amount,
      annualRatePercent: body.rate ?? CALCULATE_DEFAULTS.rate,
      termMonths: body.term_months ?? CALCULATE_DEFAULTS.termMonths,
    };
    const calculation = calculateLoan(terms);
    const loanType = body.loan_type ?? productFor(terms.amount);
    const { score, outstandingDebt } = await this.scores.currentWithDebt(userId);
    const approval =
      loanType === null
        ? 0
        : assessApproval({
            probabilityOfRepayment: score.probabilityOfRepayment,
            requestedAmount: terms.amount,
            monthlyPayment: calculation.monthlyPayment,
            amountRange: { min: LOAN_PRODUCTS[loanType].minAmount, max: LOAN_PRODUCTS[loanType].maxAmount },
            outstandingDebt,
          }).approvalProbability;
    return { ...calculation, loanType, approvalProbability: approval, creditScore: score.score };
  }

  /**
   * POST /api/loans/apply. With an Idempotency-Key, a retry of the same request answers the application
   * the first one created, and a different request under the same key is refused; without one, a second
   * application of a type already under review is refused (409), so a double-submitted form cannot
   * create two. Both are enforced by unique indexes, so they hold across instances and parallel requests.
   */
  async apply(userId: string, body: ApplyLoanDto, idempotencyKey: string | undefined): Promise<ApplicationResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw LoansError.invalidIdempotencyKey();
    this.validateApplication(body);
    const requestHash = hashApplication(body);
    if (idempotencyKey !== undefined) {
      const earlier = await this.replay(userId, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }

    const product = LOAN_PRODUCTS[body.loan_type];
    const rate = body.requested_rate ?? product.baseAprPercent;
    const payment = amortize(
      { amount: body.requested_amount, annualRatePercent: rate, termMonths: body.requested_term_months },
      APPLY_FIELDS,
    ).monthlyPayment;
    const { score, outstandingDebt } = await this.scores.currentWithDebt(userId);
    const assessment = assessApproval({
      probabilityOfRepayment: score.probabilityOfRepayment,
      requestedAmount: body.requested_amount,
      monthlyPayment: formatCents(payment),
      amountRange: { min: product.minAmount, max: product.maxAmount },
      outstandingDebt,
      applicationData: body.application_data,
    });

    const loan = await this.loans.transaction(async (manager) => {
      const created = await this.loans.apply(manager, {
        id: prefixedId('la'),
        userId,
        loanType: body.loan_type,
        requestedAmount: formatCents(toCents(body.requested_amount)!),
        requestedTermMonths: body.requested_term_months,
        requestedRate: body.requested_rate == null ? null : String(body.requested_rate),
        applicationData: body.application_data ?? {},
        creditScoreId: score.id,
        creditScoreAtApplication: score.score,
        approvalProbability: String(assessment.approvalProbability),
        approvalAssessment: {
          ...assessment,
          monthlyPayment: formatCents(payment),
          rate,
          modelVersion: score.modelVersion,
        },
        idempotencyKey: idempotencyKey ?? null,
        requestHash,
      });
      if (!created) return null;
      const at = new Date(created.submittedAt);
      await this.history.record(
        {
          userId,
          type: 'credit_inquiry',
          date: at,
          impact: 'neutral',
          description: 'Credit check for loan application',
          reference: created.id,
        },
        manager,
      );
      await this.history.record(
        {
          userId,
          type: 'loan_application',
          date: at,
          amount: created.requestedAmount,
          impact: 'neutral',
          description: `Applied for a ${created.loanType} loan (${created.applicationNumber})`,
          reference: created.id,
        },
        manager,
      );
      return created;
    });
    if (loan) return { loan, replayed: false };

    // The insert hit a unique index: a parallel request with the same key won, or a type is already open.
    if (idempotencyKey !== undefined) {
      const earlier = await this.replay(userId, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    throw LoansError.openApplication(body.loan_type);
  }

  async list(userId: string, query: PageQueryDto & { status?: string }): Promise<LoanListDto> {
    const page = pageRequest(query);
    const { rows, total } = await this.loans.list({ userId, status: query.status as LoanStatus | undefined }, page);
    return { loans: rows.map(summaryView), pagination: pagination(page, total) };
  }

  /** The caller's own loan; anyone else's answers 404, so ids reveal nothing. */
  async get(userId: string, id: string): Promise<LoanDetailDto> {
    const found = await this.loans.detail(id, userId);
    if (!found) throw LoansError.notFound();
    return detailView(found.loan, found.installments, found.payments);
  }

  /** The borrower withdraws an application under review, or declines an approved offer before disbursement. */
  async cancel(userId: string, id: string): Promise<LoanDetailDto> {
    await this.loans.transaction(async (manager) => {
      const loan = await this.loans.lock(manager, id, userId);
      if (!loan) throw LoansError.notFound();
      if (loan.status !== 'submitted' && loan.status !== 'approved')
        throw LoansError.wrongState(loan.status, 'cancelled');
      const updated = await this.loans.cancel(manager, id);
      await this.history.record(
        {
          userId,
          type: 'loan_cancelled',
          date: new Date(updated.closedAt!),
          impact: 'neutral',
          description: `Loan application ${updated.applicationNumber} cancelled`,
          reference: id,
        },
        manager,
      );
    });
    return this.get(userId, id);
  }

  /** Whether `userId` already made an application under this Idempotency-Key (a retry would replay it). */
  async hasApplicationWithKey(userId: string, key: string): Promise<boolean> {
    if (!IDEMPOTENCY_KEY.test(key)) return false;
    return (await this.loans.findByIdempotencyKey(userId, key)) !== null;
  }

  private async replay(userId: string, key: string, requestHash: string): Promise<ApplicationResult | null> {
    const earlier = await this.loans.findByIdempotencyKey(userId, key);
    if (!earlier) return null;
    if (earlier.requestHash !== requestHash) throw LoansError.idempotencyKeyReused();
    return { loan: earlier, replayed: true };
  }

  private validateApplication(body: ApplyLoanDto): void {
    const errors = loanProductErrors(body);
    const terms = loanTermErrors(
      {
        amount: body.requested_amount,
        annualRatePercent: body.requested_rate ?? LOAN_PRODUCTS[body.loan_type]?.baseAprPercent ?? 0,
        termMonths: body.requested_term_months,
      },
      APPLY_FIELDS,
    );
    for (const e of terms) if (!errors.some((x) => x.field === e.field)) errors.push(e);
    const data = body.application_data;
    if (data !== undefined && data !== null) {
      if (Object.keys(data).length > MAX_APPLICATION_DATA_KEYS)
        errors.push({ field: 'application_data', message: `must have at most ${MAX_APPLICATION_DATA_KEYS} keys` });
      else if (Buffer.byteLength(JSON.stringify(data)) > MAX_APPLICATION_DATA_BYTES)
        errors.push({ field: 'application_data', message: 'must be at most 8 KB as JSON' });
      else errors.push(...applicationDataErrors(data));
    }
    if (errors.length) throw LoansError.invalid(errors);
  }
}

/** The first product (in the seed's table order) whose amount range holds `amount`; null when none does. */
export function productFor(amount: number): LoanType | null {
  const cents = toCents(amount);
  if (cents === null) return null;
  return (
    LOAN_TYPES.find(
      (t) => cents >= BigInt(LOAN_PRODUCTS[t].minAmount) * 100n && cents <= BigInt(LOAN_PRODUCTS[t].maxAmount) * 100n,
    ) ?? null
  );
}

/** Same application, same hash: amounts compared as exact cents, objects with their keys sorted. */
function hashApplication(body: ApplyLoanDto): string {
  const canonical = stableStringify({
    loan_type: body.loan_type,
    requested_amount: formatCents(toCents(body.requested_amount)!),
    requested_term_months: body.requested_term_months,
    requested_rate: body.requested_rate === undefined ? null : String(body.requested_rate),
    application_data: body.application_data ?? {},
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
