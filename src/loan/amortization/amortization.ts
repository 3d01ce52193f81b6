import { validateLoanTerms, type LoanTerms, type TermFieldNames } from './loan-terms.js';
import { centsToNumber, divCeil, divRoundHalfUp } from './money.js';

export interface ScheduleRowCents {
  month: number;
  payment: bigint;
  principal: bigint;
  interest: bigint;
  /** Principal still owed after this payment. */
  balance: bigint;
}

export interface AmortizationCents {
  amount: bigint;
  monthlyPayment: bigint;
  totalPayment: bigint;
  totalInterest: bigint;
  schedule: ScheduleRowCents[];
}

export interface ScheduleRow {
  month: number;
  payment: number;
  principal: number;
  interest: number;
  balance: number;
}

export interface LoanCalculation {
  amount: number;
  annualRatePercent: number;
  termMonths: number;
  monthlyPayment: number;
  totalPayment: number;
  totalInterest: number;
  schedule: ScheduleRow[];
}

/**
 * Level-payment amortization in exact cents.
 *
 * The headline figures follow the seed (10000 at 5.5 % for 36 months → 301.96 / 10870.56 / 870.56):
 * the payment is the annuity payment rounded half-up to the cent, total = payment × term and
 * total interest = total − amount. Those totals are authoritative; see `buildSchedule` for how the rows
 * are made to add up to them. At 0 % see `interestFree`.
 */
export function amortize(terms: LoanTerms, fields?: TermFieldNames): AmortizationCents {
  const { amountCents, rate, termMonths } = validateLoanTerms(terms, fields);
  const n = BigInt(termMonths);
  // The monthly rate as an exact fraction: r = rateNum / rateDen.
  const rateNum = rate.units;
  const rateDen = 1200n * 10n ** BigInt(rate.scale);

  // The exact annuity payment in cents, as a fraction: P = A·r·(1+r)^n / ((1+r)^n − 1), on whole numbers.
  const grown = (rateDen + rateNum) ** n;
  const base = rateDen ** n;
  const exact = { num: amountCents * rateNum * grown, den: rateDen * (grown - base) };
  if (rateNum === 0n) return interestFree(amountCents, termMonths);
  let payment = divRoundHalfUp(exact.num, exact.den);
  // At a rate so low that the rounded payment would leave principal unpaid, it rounds up instead: the
  // lender's rounding, worth a few cents, rather than a total that claims negative interest.
  if (payment * n < amountCents) payment = divCeil(amountCents, n);

  const totalPayment = payment * n;
  const totalInterest = totalPayment - amountCents;
  const schedule = buildSchedule(amountCents, payment, termMonths, rateNum, rateDen, exact, totalInterest);
  return { amount: amountCents, monthlyPayment: payment, totalPayment, totalInterest, schedule };
}

/** `amortize` with every figure as a number rounded to cents, the shape the API answers with. */
export function calculateLoan(terms: LoanTerms, fields?: TermFieldNames): LoanCalculation {
  const a = amortize(terms, fields);
  return {
    amount: centsToNumber(a.amount),
    annualRatePercent: Number(terms.annualRatePercent),
    termMonths: terms.termMonths,
    monthlyPayment: centsToNumber(a.monthlyPayment),
    totalPayment: centsToNumber(a.totalPayment),
    totalInterest: centsToNumber(a.totalInterest),
    schedule: a.schedule.map((row) => ({
      month: row.month,
      payment: centsToNumber(row.payment),
      principal: centsToNumber(row.principal),
      interest: centsToNumber(row.interest),
      balance: centsToNumber(row.balance),
    })),
  };
}

/**
 * 0 %: nothing is charged, so the total is exactly the amount. The payment is the amount ÷ term rounded up
 * to the cent and the last payment is what remains (1000 over 3 months: 333.34, 333.34, 333.32), the way
 * interest-free instalment plans bill; rounding up rather than half-up means no payment is ever larger
 * than the quoted one.
 */
function interestFree(amount: bigint, termMonths: number): AmortizationCents {
  const payment = divCeil(amount, BigInt(termMonths));
  const schedule: ScheduleRowCents[] = [];
  let balance = amount;
  for (let month = 1; month <= termMonths; month++) {
    const paid = payment < balance ? payment : balance;
    balance -= paid;
    schedule.push({ month, payment: paid, principal: paid, interest: 0n, balance });
  }
  return { amount, monthlyPayment: payment, totalPayment: amount, totalInterest: 0n, schedule };
}

/** Sub-cent precision of the exact annuity that each row's interest is read from. */
const PRECISION = 10n ** 24n;

/**
 * Every row pays exactly the monthly payment, so the payments add up to total = payment × term.
 *
 * A row's interest is what the exact annuity (the unrounded payment) accrues that month, rounded half-up
 * to the cent. Reading it from the exact annuity rather than from the rounded running balance keeps
 * the rounding of the payment from compounding: over a long, expensive loan a half-cent shortfall
 * grown at the loan's own rate would reach many dollars, all landing on the last rows. This way the
 * rows' interest differs from the headline total interest only by the payment's rounding and the
 * per-row rounding (about a cent per month at worst, usually a few cents in all).
 *
 * The headline totals are authoritative, so the interest figure gives: the difference is added to (or
 * taken from) the last row's interest, and when that would push it below 0 or above the payment, the
 * rest moves on to the row before, and so on. Principal is payment − interest, so the principal column
 * adds up to the amount, the balance falls to exactly 0.00 and never goes negative, and Σ interest is
 * the total interest exactly.
 */
function buildSchedule(
  amount: bigint,
  payment: bigint,
  termMonths: number,
  rateNum: bigint,
  rateDen: bigint,
  exactPayment: { num: bigint; den: bigint },
  totalInterest: bigint,
): ScheduleRowCents[] {
  const interest: bigint[] = [];
  // Balance and payment of the exact annuity, in cents × PRECISION.
  let exactBalance = amount * PRECISION;
  const exactMonthly = divRoundHalfUp(exactPayment.num * PRECISION, exactPayment.den);
  for (let month = 1; month <= termMonths; month++) {
    const accrued = divRoundHalfUp(exactBalance * rateNum, rateDen);
    const charged = divRoundHalfUp(accrued, PRECISION);
    interest.push(charged < payment ? charged : payment);
    exactBalance -= exactMonthly - accrued;
    if (exactBalance < 0n) exactBalance = 0n;
  }

  let gap = totalInterest - interest.reduce((sum, i) => sum + i, 0n);
  for (let k = termMonths - 1; k >= 0 && gap !== 0n; k--) {
    const room = gap > 0n ? payment - interest[k] : -interest[k];
    const step = gap > 0n ? (gap < room ? gap : room) : gap > room ? gap : room;
    interest[k] += step;
    gap -= step;
  }
  // Unreachable: 0 ≤ total interest ≤ payment × term, so the rows always have room for the gap.
  if (gap !== 0n) throw new Error('amortization schedule could not absorb rounding');

  const rows: ScheduleRowCents[] = [];
  let balance = amount;
  for (let k = 0; k < termMonths; k++) {
    const principal = payment - interest[k];
    balance -= principal;
    rows.push({ month: k + 1, payment, principal, interest: interest[k], balance });
  }
  return rows;
}
