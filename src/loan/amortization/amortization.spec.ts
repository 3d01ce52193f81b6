import { DomainError, ErrorKind } from '../../common/errors/domain-error.js';
import { amortize, calculateLoan, type AmortizationCents } from './amortization.js';
import { formatCents } from './money.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every invariant the schedule promises; returns the broken ones so a loop can assert once per loan. */
function brokenInvariants(a: AmortizationCents, termMonths: number): string[] {
  const broken: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) broken.push(what);
  };
  let payments = 0n;
  let interest = 0n;
  let principal = 0n;
  let previous = a.amount;
  for (const row of a.schedule) {
    payments += row.payment;
    interest += row.interest;
    principal += row.principal;
    // Interest-free loans pay the remainder last; every other loan pays the same amount each month.
    if (a.totalInterest === 0n && a.totalPayment !== a.monthlyPayment * BigInt(termMonths))
      check(row.payment <= a.monthlyPayment, `month ${row.month}: payment above the quoted one`);
    else check(row.payment === a.monthlyPayment, `month ${row.month}: payment differs`);
    check(row.principal + row.interest === row.payment, `month ${row.month}: principal + interest ≠ payment`);
    check(row.interest >= 0n && row.principal >= 0n, `month ${row.month}: negative principal or interest`);
    check(row.balance === previous - row.principal, `month ${row.month}: balance does not follow principal`);
    check(row.balance >= 0n, `month ${row.month}: negative balance`);
    previous = row.balance;
  }
  check(a.schedule.length === termMonths, 'wrong number of rows');
  check(
    a.totalPayment === a.monthlyPayment * BigInt(termMonths) || (a.totalInterest === 0n && a.totalPayment === a.amount),
    'total ≠ payment × term (or, at 0 %, the amount)',
  );
  check(a.totalInterest === a.totalPayment - a.amount, 'total interest ≠ total − amount');
  check(payments === a.totalPayment, 'payments do not add up to the total');
  check(interest === a.totalInterest, 'interest does not add up to the total interest');
  check(principal === a.amount, 'principal does not add up to the amount');
  check(previous === 0n, 'balance does not end at 0.00');
  return broken;
}

function expectConsistent(a: AmortizationCents, termMonths: number): void {
  expect(brokenInvariants(a, termMonths)).toEqual([]);
}

describe('calculateLoan', () => {
  it("reproduces the seed's example: 10000 at 5.5 % over 36 months", () => {
    const loan = calculateLoan({ amount: 10000, annualRatePercent: 5.5, termMonths: 36 });
    expect(loan).toMatchObject({
      amount: 10000,
      annualRatePercent: 5.5,
      termMonths: 36,
      monthlyPayment: 301.96,
      totalPayment: 10870.56,
      totalInterest: 870.56,
    });
    expect(loan.schedule[0]).toEqual({
      month: 1,
      payment: 301.96,
      principal: 256.13,
      interest: 45.83,
      balance: 9743.87,
    });
    expect(loan.schedule[35].balance).toBe(0);
    expectConsistent(amortize({ amount: 10000, annualRatePercent: 5.5, termMonths: 36 }), 36);
  });

  it('accepts decimal strings as well as numbers', () => {
    const a = amortize({ amount: '10000.00', annualRatePercent: '5.50', termMonths: 36 });
    expect(formatCents(a.monthlyPayment)).toBe('301.96');
  });

  it('divides the amount evenly at 0 %', () => {
    const loan = calculateLoan({ amount: 1200, annualRatePercent: 0, termMonths: 12 });
    expect(loan.monthlyPayment).toBe(100);
    expect(loan.totalPayment).toBe(1200);
    expect(loan.totalInterest).toBe(0);
    expect(loan.schedule.every((r) => r.interest === 0 && r.principal === 100)).toBe(true);
  });

  it('charges nothing at 0 % when the amount does not divide: the last payment is the remainder', () => {
    const a = amortize({ amount: 1000, annualRatePercent: 0, termMonths: 3 });
    expect(formatCents(a.monthlyPayment)).toBe('333.34');
    expect(a.schedule.map((r) => formatCents(r.payment))).toEqual(['333.34', '333.34', '333.32']);
    expect(formatCents(a.totalPayment)).toBe('1000.00');
    expect(formatCents(a.totalInterest)).toBe('0.00');
    expectConsistent(a, 3);
  });

  it('charges one month of interest on a one-month loan', () => {
    const loan = calculateLoan({ amount: 1000, annualRatePercent: 12, termMonths: 1 });
    expect(loan.monthlyPayment).toBe(1010);
    expect(loan.schedule).toEqual([{ month: 1, payment: 1010, principal: 1000, interest: 10, balance: 0 }]);
  });

  it('prices a 480-month mortgage and lets its rows add up exactly', () => {
    const terms = { amount: 1_000_000, annualRatePercent: 6.5, termMonths: 480 };
    const loan = calculateLoan(terms);
    const r = 0.065 / 12;
    expect(Math.abs(loan.monthlyPayment - (1_000_000 * r) / (1 - (1 + r) ** -480))).toBeLessThanOrEqual(0.005);
    expect(loan.monthlyPayment).toBe(5854.57);
    expectConsistent(amortize(terms), 480);
  });

  it('stays exact at the edges: 100 % over 480 months, and a cent over many months', () => {
    expectConsistent(amortize({ amount: 10_000_000, annualRatePercent: 100, termMonths: 480 }), 480);
    expectConsistent(amortize({ amount: 0.01, annualRatePercent: 0, termMonths: 480 }), 480);
    expectConsistent(amortize({ amount: 0.01, annualRatePercent: 99.99, termMonths: 480 }), 480);
  });

  it('adds up exactly, never owes a negative balance, and matches the annuity formula for 500 random loans', () => {
    const next = random(20241230);
    for (let i = 0; i < 500; i++) {
      const amountCents = 1 + Math.floor(next() * 1_000_000_000);
      const rate = Math.floor(next() * 4) === 0 ? 0 : Math.round(next() * 300000) / 10000; // 0–30 %, 4 dp
      const termMonths = 1 + Math.floor(next() * 480);
      const amount = (amountCents / 100).toFixed(2);
      const a = amortize({ amount, annualRatePercent: rate, termMonths });
      const broken = brokenInvariants(a, termMonths);
      if (broken.length > 0) throw new Error(`${amount} at ${rate} % over ${termMonths}: ${broken.join('; ')}`);

      const exact =
        rate === 0 ? amountCents / termMonths : (amountCents * (rate / 1200)) / (1 - (1 + rate / 1200) ** -termMonths);
      // Half a cent from rounding (a whole cent where 0 % rounds up), plus float noise in the reference.
      if (Math.abs(Number(a.monthlyPayment) - exact) > Math.max(1, exact * 1e-9)) {
        throw new Error(`${amount} at ${rate} % over ${termMonths}: payment ${a.monthlyPayment} vs ${exact}`);
      }
    }
  });

  it("keeps each row's interest near the interest on its opening balance: rounding never compounds", () => {
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const amountCents = 100_000 + Math.floor(next() * 100_000_000);
      const rate = Math.round(next() * 3000) / 100;
      const termMonths = 1 + Math.floor(next() * 480);
      const monthly = rate / 1200;
      const a = amortize({ amount: (amountCents / 100).toFixed(2), annualRatePercent: rate, termMonths });
      let opening = a.amount;
      let deviation = 0;
      for (const row of a.schedule) {
        deviation += Math.abs(Number(row.interest) - Number(opening) * monthly);
        opening = row.balance;
      }
      // Each row rounds by under a cent and the shown balance drifts from the exact annuity's by at most
      // about a cent per month, so the total stays within term × (1 + term × monthly rate) cents. Rounding
      // the running balance instead would let the payment's half-cent error grow at the loan's own rate.
      const bound = termMonths * (1 + termMonths * monthly);
      if (deviation > bound) throw new Error(`${amountCents} at ${rate} % over ${termMonths}: ${deviation} > ${bound}`);
    }
  });

  it('keeps the rows of the seed example exactly on their opening balance', () => {
    const a = amortize({ amount: 10000, annualRatePercent: 5.5, termMonths: 36 });
    let opening = a.amount;
    for (const row of a.schedule.slice(0, -1)) {
      expect(row.interest).toBe((opening * 55n * 2n + 12000n) / 24000n); // round half-up(balance × 5.5 % / 12)
      opening = row.balance;
    }
  });

  describe('validation', () => {
    const codeAndDetails = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        const e = err as DomainError;
        expect(e.kind).toBe(ErrorKind.BadRequest);
        expect(e.code).toBe('LOAN.INVALID_TERMS');
        return e.details;
      }
      throw new Error('expected LOAN.INVALID_TERMS');
    };

    it.each([
      [{ amount: 0, annualRatePercent: 5, termMonths: 12 }, 'amount', 'must be greater than 0'],
      [{ amount: -5, annualRatePercent: 5, termMonths: 12 }, 'amount', 'must be greater than 0'],
      [{ amount: 10_000_000.01, annualRatePercent: 5, termMonths: 12 }, 'amount', 'must be at most 10000000'],
      [{ amount: 100.005, annualRatePercent: 5, termMonths: 12 }, 'amount', 'must have at most two decimal places'],
      [{ amount: 'ten', annualRatePercent: 5, termMonths: 12 }, 'amount', 'must be a number'],
      [{ amount: Number.NaN, annualRatePercent: 5, termMonths: 12 }, 'amount', 'must be a number'],
      [{ amount: 100, annualRatePercent: -0.1, termMonths: 12 }, 'rate', 'must be between 0 and 100'],
      [{ amount: 100, annualRatePercent: 100.01, termMonths: 12 }, 'rate', 'must be between 0 and 100'],
      [{ amount: 100, annualRatePercent: '5%', termMonths: 12 }, 'rate', 'must be a number'],
      [{ amount: 100, annualRatePercent: '1e-400', termMonths: 12 }, 'rate', 'must have at most 6 decimal places'],
      [{ amount: 100, annualRatePercent: 5, termMonths: 0 }, 'term_months', 'must be between 1 and 480'],
      [{ amount: 100, annualRatePercent: 5, termMonths: 481 }, 'term_months', 'must be between 1 and 480'],
      [{ amount: 100, annualRatePercent: 5, termMonths: 12.5 }, 'term_months', 'must be a whole number of months'],
    ])('rejects %j', (terms, field, message) => {
      expect(codeAndDetails(() => calculateLoan(terms))).toEqual([{ field, message }]);
    });

    it('accepts the limits themselves', () => {
      expect(() => calculateLoan({ amount: 10_000_000, annualRatePercent: 100, termMonths: 480 })).not.toThrow();
      expect(() => calculateLoan({ amount: 0.01, annualRatePercent: 0, termMonths: 1 })).not.toThrow();
      expect(() => calculateLoan({ amount: 100, annualRatePercent: '5.1234560000', termMonths: 12 })).not.toThrow();
    });

    it('reports every bad field at once, under the names the caller chose', () => {
      const details = codeAndDetails(() =>
        calculateLoan(
          { amount: 0, annualRatePercent: 101, termMonths: 0 },
          { amount: 'requested_amount', rate: 'requested_rate', termMonths: 'requested_term_months' },
        ),
      );
      expect(details?.map((d) => d.field)).toEqual(['requested_amount', 'requested_rate', 'requested_term_months']);
    });
  });
});
