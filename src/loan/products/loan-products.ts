import type { FieldError } from '../../common/errors/domain-error.js';
import type { LoanType } from '../../loan-record/loan-record.types.js';
import { toCents } from '../amortization/money.js';

export type { LoanType };

export const LOAN_TYPES = ['personal', 'mortgage', 'auto', 'business'] as const satisfies readonly LoanType[];

export interface LoanProduct {
  type: LoanType;
  description: string;
  /** Inclusive amount range, whole currency units (the seed's "Typical Amount Range"). */
  minAmount: number;
  maxAmount: number;
  /** Inclusive term range in months. */
  minTermMonths: number;
  maxTermMonths: number;
  /** Indicative APR (percent) quoted when the applicant names no rate; underwriting sets the final one. */
  baseAprPercent: number;
}

/**
 * Amount ranges and descriptions are the seed's table. Terms and base APRs are ours, chosen to be
 * typical of US lending: unsecured personal loans run 6–84 months, auto loans 12–96, mortgages 5–40
 * years and small-business term loans 6–120 months; the APRs sit near recent market averages for a
 * prime borrower (secured loans cheaper than unsecured).
 */
export const LOAN_PRODUCTS: Readonly<Record<LoanType, LoanProduct>> = {
  personal: {
    type: 'personal',
    description: 'Personal unsecured loan',
    minAmount: 1_000,
    maxAmount: 50_000,
    minTermMonths: 6,
    maxTermMonths: 84,
    baseAprPercent: 11.5,
  },
  mortgage: {
    type: 'mortgage',
    description: 'Home purchase loan',
    minAmount: 50_000,
    maxAmount: 1_000_000,
    minTermMonths: 60,
    maxTermMonths: 480,
    baseAprPercent: 6.75,
  },
  auto: {
    type: 'auto',
    description: 'Vehicle purchase loan',
    minAmount: 5_000,
    maxAmount: 100_000,
    minTermMonths: 12,
    maxTermMonths: 96,
    baseAprPercent: 7.5,
  },
  business: {
    type: 'business',
    description: 'Business loan',
    minAmount: 10_000,
    maxAmount: 500_000,
    minTermMonths: 6,
    maxTermMonths: 120,
    baseAprPercent: 9.5,
  },
};

export function isLoanType(value: unknown): value is LoanType {
  return typeof value === 'string' && (LOAN_TYPES as readonly string[]).includes(value);
}

export function loanProduct(type: LoanType): LoanProduct {
  return LOAN_PRODUCTS[type];
}

/** A loan application's product-level fields, named as POST /api/loans/apply names them. */
export interface LoanApplicationTerms {
  loan_type: unknown;
  requested_amount: unknown;
  requested_term_months: unknown;
}

/**
 * Field errors for a requested loan against its product (empty when it fits). Only product rules live
 * here; the general limits on amount, rate and term belong to the amortization's own validation.
 */
export function loanProductErrors(application: LoanApplicationTerms): FieldError[] {
  const { loan_type: type, requested_amount: amount, requested_term_months: term } = application;
  if (!isLoanType(type)) {
    return [{ field: 'loan_type', message: `must be one of ${LOAN_TYPES.join(', ')}` }];
  }
  const product = LOAN_PRODUCTS[type];
  const errors: FieldError[] = [];

  const cents = typeof amount === 'number' || typeof amount === 'string' ? toCents(amount) : null;
  if (cents === null) {
    errors.push({ field: 'requested_amount', message: 'must be an amount with at most two decimal places' });
  } else if (cents < BigInt(product.minAmount) * 100n || cents > BigInt(product.maxAmount) * 100n) {
    errors.push({
      field: 'requested_amount',
      message: `must be between ${product.minAmount} and ${product.maxAmount} for ${type} loans`,
    });
  }

  if (typeof term !== 'number' || !Number.isInteger(term)) {
    errors.push({ field: 'requested_term_months', message: 'must be a whole number of months' });
  } else if (term < product.minTermMonths || term > product.maxTermMonths) {
    errors.push({
      field: 'requested_term_months',
      message: `must be between ${product.minTermMonths} and ${product.maxTermMonths} months for ${type} loans`,
    });
  }
  return errors;
}
