import type { FieldError } from '../../common/errors/domain-error.js';
import { LoansError } from '../loans.errors.js';
import { parseDecimal, toCents, type Decimal } from './money.js';

/** What a caller asks to price. Defaults (1000 / 5.0 / 36) belong to the caller, not to this module. */
export interface LoanTerms {
  /** Principal in currency units, at most two decimals. */
  amount: number | string;
  /** Nominal annual rate in percent (5.5 means 5.5 %), compounded monthly. */
  annualRatePercent: number | string;
  termMonths: number;
}

/** Terms after validation: exact cents and an exact rate. */
export interface ValidTerms {
  amountCents: bigint;
  rate: Decimal;
  termMonths: number;
}

/** The request fields the errors should name; /loans/calculate's names by default. */
export interface TermFieldNames {
  amount: string;
  rate: string;
  termMonths: string;
}

export const MAX_AMOUNT_CENTS = 10_000_000_00n;
export const MAX_RATE_PERCENT = 100;
export const MAX_TERM_MONTHS = 480;
/** Rate precision accepted; finer rates mean nothing and would only make the exact arithmetic huge. */
export const MAX_RATE_DECIMALS = 6;

const CALCULATE_FIELDS: TermFieldNames = { amount: 'amount', rate: 'rate', termMonths: 'term_months' };

/** Every problem at once, so a client can fix its request in one round trip. */
export function loanTermErrors(terms: LoanTerms, fields: TermFieldNames = CALCULATE_FIELDS): FieldError[] {
  const errors: FieldError[] = [];
  const amount = amountProblem(terms.amount);
  if (amount) errors.push({ field: fields.amount, message: amount });
  const rate = rateProblem(terms.annualRatePercent);
  if (rate) errors.push({ field: fields.rate, message: rate });
  const term = termProblem(terms.termMonths);
  if (term) errors.push({ field: fields.termMonths, message: term });
  return errors;
}

/** Validates and converts, or throws LOAN.INVALID_TERMS with one detail per bad field. */
export function validateLoanTerms(terms: LoanTerms, fields?: TermFieldNames): ValidTerms {
  const errors = loanTermErrors(terms, fields);
  if (errors.length > 0) {
    throw LoansError.invalidTerms(errors);
  }
  return {
    amountCents: toCents(terms.amount) as bigint,
    rate: parseDecimal(terms.annualRatePercent) as Decimal,
    termMonths: terms.termMonths,
  };
}

function amountProblem(value: unknown): string | null {
  if (!numeric(value)) return 'must be a number';
  if (negative(value)) return 'must be greater than 0';
  if (parseDecimal(value) === null) return 'must be a number';
  const cents = toCents(value);
  if (cents === null) return 'must have at most two decimal places';
  if (cents === 0n) return 'must be greater than 0';
  if (cents > MAX_AMOUNT_CENTS) return 'must be at most 10000000';
  return null;
}

function rateProblem(value: unknown): string | null {
  if (!numeric(value)) return 'must be a number';
  if (negative(value)) return `must be between 0 and ${MAX_RATE_PERCENT}`;
  const rate = parseDecimal(value);
  if (rate === null) return 'must be a number';
  if (rate.scale > MAX_RATE_DECIMALS && rate.units % 10n ** BigInt(rate.scale - MAX_RATE_DECIMALS) !== 0n) {
    return `must have at most ${MAX_RATE_DECIMALS} decimal places`;
  }
  if (rate.units > BigInt(MAX_RATE_PERCENT) * 10n ** BigInt(rate.scale))
    return `must be between 0 and ${MAX_RATE_PERCENT}`;
  return null;
}

function termProblem(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number of months';
  if (value < 1 || value > MAX_TERM_MONTHS) return `must be between 1 and ${MAX_TERM_MONTHS}`;
  return null;
}

function numeric(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '');
}

// parseDecimal reads magnitudes only; a sign is recognised here so the message can say what is wrong.
function negative(value: number | string): boolean {
  if (typeof value === 'number') return value < 0;
  const text = value.trim();
  return text.startsWith('-') && parseDecimal(text.slice(1)) !== null;
}
