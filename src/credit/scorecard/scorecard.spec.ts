import { repaymentOdds, repaymentProbability } from './scaling.js';
import { NO_ON_CHAIN, type OnChainSignals, type PlatformSignals, type ScoreInputs } from './score-inputs.js';
import { loadScorecard } from './scorecard.loader.js';
import { MAX_NEGATIVE_FACTORS, ratingFor, scoreApplicant, type ScoreResult } from './scorecard.js';

const model = loadScorecard();

/** A new account: email verified, no loans, no wallet. */
const THIN_PLATFORM: PlatformSignals = {
  accountAgeDays: 0,
  verifications: { email: true, phone: false, wallet: false, kyc: false },
  payments: { onTime: 0, late: 0, missed: 0 },
  outstandingDebt: '0',
  approvedCredit: '0',
  hardInquiries12m: 0,
  loanTypes: [],
  defaultedLoans: 0,
};

const WALLET: OnChainSignals = {
  available: true,
  address: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
  chains: ['mainnet'],
  txCount: 0,
  walletAgeDays: null,
  nativeBalance: '0',
  stablecoinBalanceUsd: '0',
  isContract: false,
  aave: null,
  liquidations: 0,
  repayments: 0,
  ensName: null,
};

const BEST: ScoreInputs = {
  platform: {
    accountAgeDays: 1000,
    verifications: { email: true, phone: true, wallet: true, kyc: true },
    payments: { onTime: 48, late: 0, missed: 0 },
    outstandingDebt: '500.00',
    approvedCredit: '20000.00',
    hardInquiries12m: 0,
    loanTypes: ['personal', 'auto', 'mortgage'],
    defaultedLoans: 0,
  },
  onChain: {
    ...WALLET,
    txCount: 900,
    walletAgeDays: 2000,
    stablecoinBalanceUsd: '25000.50',
    aave: { collateralUsd: '10000', debtUsd: '1000', healthFactor: '8.1' },
    repayments: 30,
  },
};

const WORST: ScoreInputs = {
  platform: {
    accountAgeDays: 3,
    verifications: { email: false, phone: false, wallet: false, kyc: false },
    payments: { onTime: 0, late: 6, missed: 5 },
    outstandingDebt: '9000',
    approvedCredit: '8000',
    hardInquiries12m: 9,
    loanTypes: [],
    defaultedLoans: 3,
  },
  onChain: {
    ...WALLET,
    walletAgeDays: 2,
    aave: { collateralUsd: '100', debtUsd: '95', healthFactor: '1.01' },
    liquidations: 7,
  },
};

const thin = (platform: Partial<PlatformSignals> = {}, onChain: OnChainSignals = NO_ON_CHAIN): ScoreInputs => ({
  platform: { ...THIN_PLATFORM, ...platform },
  onChain,
});

/** Deterministic pseudo-random numbers (mulberry32). */
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

/** Applicants spread over the whole space, with and without wallets, so properties are tested broadly. */
function applicants(count: number, seed = 42): ScoreInputs[] {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const pick = <T>(xs: T[]) => xs[int(xs.length - 1)];
  const money = (max: number) => (next() < 0.3 ? '0' : (int(max * 100) / 100).toFixed(2));
  return Array.from({ length: count }, () => {
    const approved = money(200_000);
    const platform: PlatformSignals = {
      accountAgeDays: int(3000),
      verifications: { email: next() < 0.8, phone: next() < 0.5, wallet: next() < 0.5, kyc: next() < 0.4 },
      payments: { onTime: pick([0, int(5), int(60)]), late: pick([0, 0, int(6)]), missed: pick([0, 0, int(4)]) },
      outstandingDebt: approved === '0' ? money(100) : (Number(approved) * next()).toFixed(2),
      approvedCredit: approved,
      hardInquiries12m: pick([0, 1, int(8)]),
      loanTypes: ['personal', 'mortgage', 'auto', 'business'].filter(() => next() < 0.35),
      defaultedLoans: pick([0, 0, 0, int(3)]),
    };
    if (next() < 0.3) return { platform, onChain: NO_ON_CHAIN };
    const collateral = int(100_000);
    const onChain: OnChainSignals = {
      ...WALLET,
      txCount: pick([0, int(50), int(2000)]),
      walletAgeDays: next() < 0.2 ? null : int(3000),
      stablecoinBalanceUsd: money(50_000),
      aave:
        next() < 0.5
          ? null
          : { collateralUsd: String(collateral), debtUsd: String(int(collateral)), healthFactor: '2' },
      liquidations: pick([0, 0, int(6)]),
      repayments: pick([0, int(10), int(40)]),
    };
    return { platform, onChain };
  });
}

const score = (inputs: ScoreInputs) => scoreApplicant(model, inputs).score;

/** Every applicant, stepped along one signal: the score must never move against `direction`. */
function expectMonotone(
  direction: 'up' | 'down',
  steps: number[],
  apply: (inputs: ScoreInputs, value: number) => ScoreInputs,
): void {
  const failures: string[] = [];
  for (const base of [thin(), thin({}, WALLET), BEST, WORST, ...applicants(150)]) {
    const scores = steps.map((v) => score(apply(base, v)));
    for (let i = 1; i < scores.length; i++) {
      const moved = scores[i] - scores[i - 1];
      if (direction === 'up' ? moved < 0 : moved > 0) {
        failures.push(`${steps[i - 1]}→${steps[i]}: ${scores[i - 1]}→${scores[i]} for ${JSON.stringify(base)}`);
      }
    }
  }
  expect(failures).toEqual([]);
}

const withPlatform = (i: ScoreInputs, p: Partial<PlatformSignals>): ScoreInputs => ({
  ...i,
  platform: { ...i.platform, ...p },
});
const withOnChain = (i: ScoreInputs, o: Partial<OnChainSignals>): ScoreInputs => ({
  ...i,
  onChain: { ...i.onChain, ...o },
});

describe('scoreApplicant', () => {
  it('answers with the model version and a score inside 300–850', () => {
    for (const inputs of applicants(300, 7)) {
      const r = scoreApplicant(model, inputs);
      expect(r.modelVersion).toBe('1.0.0');
      expect(r.score).toBeGreaterThanOrEqual(300);
      expect(r.score).toBeLessThanOrEqual(850);
      expect(Number.isInteger(r.score)).toBe(true);
    }
  });

  it('gives a perfect applicant 850 and clamps a very poor one to 300', () => {
    expect(score(BEST)).toBe(850);
    const worst = scoreApplicant(model, WORST);
    const raw = 300 + worst.characteristics.reduce((s, c) => s + c.points, 0);
    expect(raw).toBeLessThan(300);
    expect(worst.score).toBe(300);
    expect(worst.rating).toBe('Poor');
  });

  it('puts a thin file in the Fair band, not at 300', () => {
    const r = scoreApplicant(model, thin());
    expect(r.score).toBe(602);
    expect(r.rating).toBe('Fair');
    expect(score(thin({ hardInquiries12m: 1 }))).toBeGreaterThanOrEqual(580);
    // An empty wallet read on-chain is worth about the same as no wallet.
    expect(Math.abs(score(thin({}, WALLET)) - r.score)).toBeLessThanOrEqual(5);
  });

  it('caps an applicant without on-chain data at 745', () => {
    expect(score({ ...BEST, onChain: NO_ON_CHAIN })).toBe(745);
  });

  it('uses the neutral "no data" bin for every on-chain characteristic and says so', () => {
    const r = scoreApplicant(model, thin());
    expect(r.onChainUsed).toBe(false);
    for (const c of model.characteristics.filter((c) => c.source === 'onChain')) {
      const scored = r.characteristics.find((x) => x.id === c.id);
      expect(scored).toMatchObject({ value: null, bin: 'No data', impact: 'neutral', points: c.missing?.points });
    }
    expect(r.factors.at(-1)).toEqual({
      code: 'NO_ONCHAIN_DATA',
      factor: 'Off-chain signals only',
      impact: 'neutral',
      description: 'No wallet data was available, so the score used platform signals only',
      points: 87,
      maxPoints: 192,
    });
    expect(r.recommendations).toContain('Link a wallet with on-chain history to add on-chain signals');
    expect(scoreApplicant(model, BEST).factors.some((f) => f.code === 'NO_ONCHAIN_DATA')).toBe(false);
  });

  it("describes a strong applicant in the seed's words", () => {
    const r = scoreApplicant(model, BEST);
    expect(r.rating).toBe('Exceptional');
    expect(r.factors.filter((f) => f.impact === 'negative')).toEqual([]);
    expect(r.factors).toContainEqual({
      code: 'ON_TIME_EXCELLENT',
      factor: 'Excellent payment history',
      impact: 'positive',
      description: 'Consistently repaying debts on time',
      points: 68,
      maxPoints: 68,
    });
    expect(r.factors.find((f) => f.code === 'UTIL_LOW')?.factor).toBe('Low debt ratio');
    expect(r.recommendations).toEqual(
      expect.arrayContaining(['Continue making on-time payments', 'Maintain low credit utilization']),
    );
  });

  describe('factors', () => {
    it('ranks negatives by points lost, at most four, then positives by points earned', () => {
      for (const inputs of [WORST, thin(), ...applicants(300, 11)]) {
        const r = scoreApplicant(model, inputs);
        const negatives = r.factors.filter((f) => f.impact === 'negative');
        const positives = r.factors.filter((f) => f.impact === 'positive');
        expect(negatives.length).toBeLessThanOrEqual(MAX_NEGATIVE_FACTORS);
        expect(positives.length).toBeLessThanOrEqual(4);
        const lost = negatives.map((f) => f.maxPoints - f.points);
        expect(lost).toEqual([...lost].sort((a, b) => b - a));
        const earned = positives.map((f) => f.points);
        expect(earned).toEqual([...earned].sort((a, b) => b - a));
        // Negatives first, then positives, then the neutral notice.
        const order = r.factors.map((f) => ['negative', 'positive', 'neutral'].indexOf(f.impact));
        expect(order).toEqual([...order].sort((a, b) => a - b));

        // The negatives reported are the biggest losses among all negative characteristics.
        const allLost = r.characteristics
          .filter((c) => c.impact === 'negative')
          .map((c) => c.maxPoints - c.points)
          .sort((a, b) => b - a)
          .slice(0, MAX_NEGATIVE_FACTORS);
        expect(lost).toEqual(allLost);
      }
    });

    it('explains a poor applicant with the four costliest reasons', () => {
      const r = scoreApplicant(model, WORST);
      expect(r.factors.filter((f) => f.impact === 'negative').map((f) => f.code)).toEqual([
        'DEFAULT_MANY', // 20 − (−60) = 80 lost
        'UTIL_MAXED', // 80
        'LIQ_MANY', // 45
        'ON_TIME_NONE', // 43
      ]);
    });

    it('draws recommendations from the negatives, in rank order, without repeats', () => {
      const r = scoreApplicant(model, WORST);
      expect(r.recommendations).toEqual([
        'Repay or settle the defaulted loans',
        'Pay down outstanding loan balances',
        'Keep on-chain loans well collateralised (health factor above 1.5)',
        'Build a record of on-time loan payments',
      ]);
      const thinFile = scoreApplicant(model, thin());
      expect(thinFile.factors.filter((f) => f.impact === 'negative').map((f) => f.code)).toEqual([
        'ON_TIME_NONE',
        'ACCOUNT_NEW',
        'VERIFY_MINIMAL',
      ]);
      expect(thinFile.recommendations).toEqual([
        'Build a record of on-time loan payments',
        'Keep your account in good standing as its history builds',
        'Verify your email, phone and identity (KYC)',
        'Link a wallet with on-chain history to add on-chain signals',
      ]);
    });

    it('does not praise a clean record that has never been tested', () => {
      const codes = scoreApplicant(model, thin()).factors.map((f) => f.code);
      expect(codes).not.toContain('LATE_NONE');
      expect(codes).not.toContain('DEFAULT_NONE');
      expect(codes).not.toContain('LIQ_NONE');
    });
  });

  describe('monotonicity', () => {
    const counts = [0, 1, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50, 500];

    it('never rises with more late payments', () => {
      expectMonotone('down', counts, (i, late) => withPlatform(i, { payments: { ...i.platform.payments, late } }));
    });
    it('never rises with more missed payments', () => {
      expectMonotone('down', counts, (i, missed) => withPlatform(i, { payments: { ...i.platform.payments, missed } }));
    });
    it('never rises with more debt against the same approved credit', () => {
      expectMonotone('down', [0, 1, 500, 999, 1000, 2999, 3000, 5000, 7500, 9999, 10000, 20000], (i, owed) =>
        withPlatform(i, { outstandingDebt: String(owed), approvedCredit: '10000' }),
      );
      expectMonotone('down', [0, 0.01, 100], (i, owed) =>
        withPlatform(i, { outstandingDebt: String(owed), approvedCredit: '0' }),
      );
    });
    it('never rises with more DeFi debt against the same collateral', () => {
      expectMonotone('down', [0, 1, 2500, 4999, 5000, 7000, 8000, 10000, 20000], (i, debt) =>
        withOnChain(i, { aave: { collateralUsd: '10000', debtUsd: String(debt), healthFactor: null } }),
      );
    });
    it('never rises with more loan applications', () => {
      expectMonotone('down', counts, (i, hardInquiries12m) => withPlatform(i, { hardInquiries12m }));
    });
    it('never rises with more liquidations', () => {
      expectMonotone('down', counts, (i, liquidations) => withOnChain(i, { liquidations }));
    });
    it('never rises with a defaulted loan, or more of them', () => {
      expectMonotone('down', [0, 1, 2, 3, 10], (i, defaultedLoans) => withPlatform(i, { defaultedLoans }));
    });
    it('never falls with more on-time payments', () => {
      expectMonotone('up', counts, (i, onTime) => withPlatform(i, { payments: { ...i.platform.payments, onTime } }));
    });
    it('never falls with an older account', () => {
      expectMonotone('up', [0, 29, 30, 89, 90, 180, 364, 365, 729, 730, 5000], (i, accountAgeDays) =>
        withPlatform(i, { accountAgeDays }),
      );
    });
    it('never falls with an older wallet', () => {
      expectMonotone('up', [0, 29, 30, 179, 180, 365, 730, 1459, 1460, 5000], (i, walletAgeDays) =>
        withOnChain(i, { walletAgeDays }),
      );
    });
    it('never falls with more verifications', () => {
      const levels = [
        { email: false, phone: false, wallet: false, kyc: false },
        { email: true, phone: false, wallet: false, kyc: false },
        { email: true, phone: true, wallet: false, kyc: false },
        { email: true, phone: true, wallet: true, kyc: false },
        { email: true, phone: true, wallet: true, kyc: true },
      ];
      expectMonotone('up', [0, 1, 2, 3, 4], (i, n) => withPlatform(i, { verifications: levels[n] }));
      expectMonotone('up', [0, 1], (i, kyc) =>
        withPlatform(i, { verifications: { ...i.platform.verifications, kyc: kyc === 1 } }),
      );
    });
    it('never falls with more on-chain repayments, reserves or activity', () => {
      expectMonotone('up', counts, (i, repayments) => withOnChain(i, { repayments }));
      expectMonotone('up', [0, 99.99, 100, 999, 1000, 9999.99, 10000, 1e6], (i, usd) =>
        withOnChain(i, { stablecoinBalanceUsd: String(usd) }),
      );
      expectMonotone('up', counts, (i, txCount) => withOnChain(i, { txCount }));
    });
  });

  describe('rating and probability', () => {
    it.each([
      [300, 'Poor'],
      [579, 'Poor'],
      [580, 'Fair'],
      [669, 'Fair'],
      [670, 'Good'],
      [739, 'Good'],
      [740, 'Very Good'],
      [799, 'Very Good'],
      [800, 'Exceptional'],
      [850, 'Exceptional'],
    ])('rates %i as %s', (s, rating) => {
      expect(ratingFor(model, s)).toBe(rating);
    });

    it('rises strictly with the score', () => {
      for (let s = 300; s < 850; s++) {
        expect(repaymentProbability(model.scaling, s + 1)).toBeGreaterThan(repaymentProbability(model.scaling, s));
      }
    });

    it('follows the documented scaling: odds 25 : 1 at 700, doubling every 50 points', () => {
      expect(repaymentOdds(model.scaling, 700)).toBeCloseTo(25, 10);
      expect(repaymentOdds(model.scaling, 750)).toBeCloseTo(50, 10);
      expect(repaymentOdds(model.scaling, 650)).toBeCloseTo(12.5, 10);
      for (let s = 300; s <= 850; s++) {
        const odds = 25 * 2 ** ((s - 700) / 50);
        expect(repaymentProbability(model.scaling, s)).toBeCloseTo(odds / (1 + odds), 12);
        // The inverse, as MODEL.md writes it: score = offset + factor × ln(odds).
        const factor = 50 / Math.LN2;
        expect(700 - factor * Math.log(25) + factor * Math.log(odds)).toBeCloseTo(s, 9);
      }
    });

    it('answers with the rating, odds and probability of its own score', () => {
      const results: ScoreResult[] = applicants(200, 3).map((i) => scoreApplicant(model, i));
      for (const r of results) {
        expect(r.rating).toBe(ratingFor(model, r.score));
        expect(r.probabilityOfRepayment).toBe(Math.round(repaymentProbability(model.scaling, r.score) * 1e4) / 1e4);
        expect(r.odds).toBe(Math.round(repaymentOdds(model.scaling, r.score) * 100) / 100);
      }
      expect(scoreApplicant(model, BEST).probabilityOfRepayment).toBe(0.995);
    });
  });

  it('records each characteristic for the audit trail', () => {
    const r = scoreApplicant(model, BEST);
    expect(r.characteristics).toHaveLength(model.characteristics.length);
    expect(r.characteristics.find((c) => c.id === 'AO_UTILISATION')).toEqual({
      id: 'AO_UTILISATION',
      name: 'Debt to approved credit',
      category: 'amounts_owed',
      signal: 'platform.utilisationBps',
      value: 250,
      bin: 'Under 10 %',
      code: 'UTIL_LOW',
      impact: 'positive',
      points: 85,
      maxPoints: 85,
    });
    expect(r.characteristics.find((c) => c.id === 'AO_DEFI_DEBT')?.value).toBe(1000);
    expect(r.characteristics.find((c) => c.id === 'AO_RESERVES')?.value).toBe(25000);
  });

  it('is deterministic', () => {
    expect(scoreApplicant(model, WORST)).toEqual(scoreApplicant(model, structuredClone(WORST)));
  });

  it('refuses a non-finite count rather than score on it', () => {
    expect(() => scoreApplicant(model, thin({ accountAgeDays: Number.NaN }))).toThrow(/LH_ACCOUNT_AGE has no value/);
  });
});
