import { isLoanType, LOAN_PRODUCTS, LOAN_TYPES, loanProduct, loanProductErrors } from './loan-products.js';

describe('loan products', () => {
  it("carries the seed's four loan types and amount ranges", () => {
    expect(LOAN_TYPES).toEqual(['personal', 'mortgage', 'auto', 'business']);
    const ranges = Object.values(LOAN_PRODUCTS).map((p) => [p.type, p.minAmount, p.maxAmount]);
    expect(ranges).toEqual([
      ['personal', 1_000, 50_000],
      ['mortgage', 50_000, 1_000_000],
      ['auto', 5_000, 100_000],
      ['business', 10_000, 500_000],
    ]);
  });

  it('keeps every product inside the general limits (480 months, 100 %, 10,000,000)', () => {
    for (const p of Object.values(LOAN_PRODUCTS)) {
      expect(p.minTermMonths).toBeGreaterThanOrEqual(1);
      expect(p.maxTermMonths).toBeLessThanOrEqual(480);
      expect(p.minTermMonths).toBeLessThan(p.maxTermMonths);
      expect(p.baseAprPercent).toBeGreaterThan(0);
      expect(p.baseAprPercent).toBeLessThan(100);
      expect(p.maxAmount).toBeLessThanOrEqual(10_000_000);
    }
  });

  it("accepts the seed's example application", () => {
    expect(loanProductErrors({ loan_type: 'personal', requested_amount: 10000.0, requested_term_months: 36 })).toEqual(
      [],
    );
  });

  it('accepts both ends of each range', () => {
    for (const p of Object.values(LOAN_PRODUCTS)) {
      expect(
        loanProductErrors({ loan_type: p.type, requested_amount: p.minAmount, requested_term_months: p.minTermMonths }),
      ).toEqual([]);
      expect(
        loanProductErrors({
          loan_type: p.type,
          requested_amount: String(p.maxAmount),
          requested_term_months: p.maxTermMonths,
        }),
      ).toEqual([]);
    }
  });

  it('rejects amounts and terms just outside the product, naming the range', () => {
    expect(loanProductErrors({ loan_type: 'auto', requested_amount: 4999.99, requested_term_months: 97 })).toEqual([
      { field: 'requested_amount', message: 'must be between 5000 and 100000 for auto loans' },
      { field: 'requested_term_months', message: 'must be between 12 and 96 months for auto loans' },
    ]);
    expect(
      loanProductErrors({ loan_type: 'mortgage', requested_amount: 1_000_000.01, requested_term_months: 59 }),
    ).toHaveLength(2);
  });

  it('rejects an unknown loan type on its own, since the ranges depend on it', () => {
    expect(loanProductErrors({ loan_type: 'payday', requested_amount: 500, requested_term_months: 1 })).toEqual([
      { field: 'loan_type', message: 'must be one of personal, mortgage, auto, business' },
    ]);
    expect(isLoanType('Personal')).toBe(false);
    expect(isLoanType('personal')).toBe(true);
  });

  it('rejects fractions of a cent and fractional months', () => {
    expect(
      loanProductErrors({ loan_type: 'personal', requested_amount: 1000.001, requested_term_months: 12.5 }),
    ).toEqual([
      { field: 'requested_amount', message: 'must be an amount with at most two decimal places' },
      { field: 'requested_term_months', message: 'must be a whole number of months' },
    ]);
  });

  it('looks a product up by type', () => {
    expect(loanProduct('business').maxTermMonths).toBe(120);
  });
});
