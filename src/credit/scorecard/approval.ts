import { cents, centsOrZero, ratioBps } from './decimal.js';

/**
 * The constants of the approval formula; MODEL.md documents each one (a unit test keeps them in step).
 *
 * approval % = 100 × P(repay) × affordability × amountFit, rounded to one decimal, where
 * - P(repay) is the scorecard's probability of repayment;
 * - affordability interpolates `dtiKnots` at the back-end debt-to-income ratio
 *   DTI = (new monthly payment + outstanding debt ÷ existingDebtTermMonths) ÷ monthly income,
 *   or is `unknownIncomeFactor` when the application states no income;
 * - amountFit = 1 − amountPositionPenalty × (amount − range min) ÷ (range max − range min) inside the loan
 *   type's range, and 0 outside it.
 */
export const APPROVAL_POLICY = {
  /** No stated income: affordability cannot be checked, so approval is discounted rather than refused. */
  unknownIncomeFactor: 0.85,
  /** Debt already owed is assumed to be repaid over this many months (the seed's default term). */
  existingDebtTermMonths: 36,
  /**
   * [DTI, factor] knots, linear in between and flat after the last. 36 % is the classic back-end limit,
   * 43 % the CFPB qualified-mortgage ceiling; past 60 % a loan is rarely affordable and at 100 % never.
   */
  dtiKnots: [
    [0, 1],
    [0.36, 1],
    [0.43, 0.75],
    [0.6, 0.1],
    [1, 0],
  ] as const satisfies readonly (readonly [number, number])[],
  /** At the top of a loan type's amount range the same applicant is this much less likely to be approved. */
  amountPositionPenalty: 0.2,
} as const;

export interface ApprovalInput {
  /** `ScoreResult.probabilityOfRepayment`. */
  probabilityOfRepayment: number;
  requestedAmount: number | string;
  /** From the amortization of the requested terms. */
  monthlyPayment: number | string;
  /** The loan type's amount range (inclusive). */
  amountRange: { min: number | string; max: number | string };
  /** `PlatformSignals.outstandingDebt`. */
  outstandingDebt: number | string;
  /** The application's free-form data; `monthly_income` or `annual_income` are read when present. */
  applicationData?: Record<string, unknown> | null;
}

export interface ApprovalAssessment {
  /** Percent with one decimal, e.g. 78.5. */
  approvalProbability: number;
  probabilityOfRepayment: number;
  affordabilityFactor: number;
  amountFactor: number;
  /** Back-end debt-to-income ratio, or null when no income was stated. */
  debtToIncome: number | null;
}

/** The approval probability with the parts it was built from, for the application's audit record. */
export function assessApproval(input: ApprovalInput): ApprovalAssessment {
  const income = monthlyIncomeCents(input.applicationData);
  let debtToIncome: number | null = null;
  let affordabilityFactor: number = APPROVAL_POLICY.unknownIncomeFactor;
  if (income !== null) {
    const term = BigInt(APPROVAL_POLICY.existingDebtTermMonths);
    const existing = (centsOrZero(input.outstandingDebt) + term - 1n) / term;
    debtToIncome = ratioBps(centsOrZero(input.monthlyPayment) + existing, income) / 10_000;
    affordabilityFactor = interpolate(APPROVAL_POLICY.dtiKnots, debtToIncome);
  }

  const amountFactor = amountFit(input.requestedAmount, input.amountRange);
  const p = Math.min(1, Math.max(0, input.probabilityOfRepayment));
  const percent = 100 * p * affordabilityFactor * amountFactor;
  return {
    approvalProbability: Math.round(percent * 10) / 10,
    probabilityOfRepayment: p,
    affordabilityFactor: round4(affordabilityFactor),
    amountFactor: round4(amountFactor),
    debtToIncome: debtToIncome === null ? null : round4(debtToIncome),
  };
}

/** Percent with one decimal (the seed's `approval_probability`, e.g. 78.5). */
export function approvalProbability(input: ApprovalInput): number {
  return assessApproval(input).approvalProbability;
}

/** Monthly income in cents: `monthly_income`, else `annual_income` ÷ 12; null when neither is a positive amount. */
export function monthlyIncomeCents(data: Record<string, unknown> | null | undefined): bigint | null {
  if (!data) return null;
  const monthly = cents(data.monthly_income);
  if (monthly !== null && monthly > 0n) return monthly;
  const annual = cents(data.annual_income);
  if (annual !== null && annual > 0n) return (annual + 6n) / 12n;
  return null;
}

function amountFit(amount: number | string, range: ApprovalInput['amountRange']): number {
  const value = cents(amount);
  const min = cents(range.min);
  const max = cents(range.max);
  if (value === null || min === null || max === null || value < min || value > max) return 0;
  if (max === min) return 1;
  const position = ratioBps(value - min, max - min) / 10_000;
  return 1 - APPROVAL_POLICY.amountPositionPenalty * position;
}

function interpolate(knots: readonly (readonly [number, number])[], x: number): number {
  if (x <= knots[0][0]) return knots[0][1];
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i];
    if (x <= x1) {
      const [x0, y0] = knots[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1][1];
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
