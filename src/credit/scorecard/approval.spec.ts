import {
  APPROVAL_POLICY,
  approvalProbability,
  assessApproval,
  monthlyIncomeCents,
  type ApprovalInput,
} from './approval.js';

// The seed's example: a personal loan (1,000–50,000) of 10,000 over 36 months at 5.5 %, score 720.
const SEED: ApprovalInput = {
  probabilityOfRepayment: 0.9706,
  requestedAmount: 10000,
  monthlyPayment: 301.96,
  amountRange: { min: 1000, max: 50000 },
  outstandingDebt: '0',
};

describe('approvalProbability', () => {
  it("answers the seed's example with one decimal, near its 78.5", () => {
    const p = approvalProbability(SEED);
    expect(p).toBe(79.5);
    expect(Math.abs(p - 78.5)).toBeLessThan(2);
    expect(assessApproval(SEED)).toEqual({
      approvalProbability: 79.5,
      probabilityOfRepayment: 0.9706,
      affordabilityFactor: 0.85,
      amountFactor: 0.9633,
      debtToIncome: null,
    });
  });

  it('follows the documented formula', () => {
    const input = { ...SEED, applicationData: { monthly_income: 4000 }, outstandingDebt: '3600' };
    // DTI = (301.96 + 3600 / 36) / 4000 = 0.10049 → affordability 1.
    const amountFit = 1 - 0.2 * (9000 / 49000);
    expect(assessApproval(input)).toMatchObject({ debtToIncome: 0.1004, affordabilityFactor: 1 });
    expect(approvalProbability(input)).toBe(Math.round(1000 * 0.9706 * amountFit) / 10);
    expect(approvalProbability(input)).toBe(93.5);
  });

  it('reads monthly income first, then annual income ÷ 12, as numbers or decimal strings', () => {
    expect(monthlyIncomeCents({ monthly_income: '4000.50' })).toBe(400050n);
    expect(monthlyIncomeCents({ annual_income: 60000 })).toBe(500000n);
    expect(monthlyIncomeCents({ monthly_income: 3000, annual_income: 60000 })).toBe(300000n);
    expect(monthlyIncomeCents({ monthly_income: 0, annual_income: 'lots' })).toBeNull();
    expect(monthlyIncomeCents({ purpose: 'Debt consolidation' })).toBeNull();
    expect(monthlyIncomeCents(null)).toBeNull();
  });

  it('interpolates affordability between the DTI knots', () => {
    const at = (dti: number) =>
      assessApproval({ ...SEED, monthlyPayment: dti * 1000, applicationData: { monthly_income: 1000 } })
        .affordabilityFactor;
    expect(at(0.36)).toBe(1);
    expect(at(0.395)).toBe(0.875);
    expect(at(0.43)).toBe(0.75);
    expect(at(0.6)).toBe(0.1);
    expect(at(0.8)).toBe(0.05);
    expect(at(1.5)).toBe(0);
    expect(APPROVAL_POLICY.dtiKnots[0]).toEqual([0, 1]);
  });

  it('falls as the payment, the existing debt or the amount grows, and rises with income', () => {
    const base = { ...SEED, applicationData: { monthly_income: 1000 } };
    let previous = Infinity;
    for (const payment of [100, 300, 360, 400, 430, 500, 600, 800, 1000, 1200]) {
      const p = approvalProbability({ ...base, monthlyPayment: payment });
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
    previous = Infinity;
    for (const debt of ['0', '3600', '7200', '14400', '36000']) {
      const p = approvalProbability({ ...base, monthlyPayment: 200, outstandingDebt: debt });
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
    previous = Infinity;
    for (const amount of [1000, 5000, 25000, 50000]) {
      const p = approvalProbability({ ...SEED, requestedAmount: amount });
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
    previous = -Infinity;
    for (const income of [500, 800, 1000, 2000, 10000]) {
      const p = approvalProbability({ ...SEED, applicationData: { monthly_income: income } });
      expect(p).toBeGreaterThanOrEqual(previous);
      previous = p;
    }
  });

  it('rises with the probability of repayment', () => {
    expect(approvalProbability({ ...SEED, probabilityOfRepayment: 0.5 })).toBeLessThan(approvalProbability(SEED));
    expect(approvalProbability({ ...SEED, probabilityOfRepayment: 1, requestedAmount: 1000 })).toBe(85);
  });

  it('answers 0 outside the loan type’s amount range', () => {
    expect(approvalProbability({ ...SEED, requestedAmount: 999.99 })).toBe(0);
    expect(approvalProbability({ ...SEED, requestedAmount: '50000.01' })).toBe(0);
    expect(approvalProbability({ ...SEED, requestedAmount: 50000 })).toBeGreaterThan(0);
  });

  it('always answers a percentage with at most one decimal', () => {
    for (let i = 0; i <= 100; i++) {
      const p = approvalProbability({
        ...SEED,
        probabilityOfRepayment: i / 100,
        applicationData: { annual_income: 20000 + i * 997 },
      });
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(100);
      expect(Math.round(p * 10) / 10).toBe(p);
    }
  });
});
