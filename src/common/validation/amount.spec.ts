import { amountProblem } from './amount.js';

describe('amounts of money', () => {
  const income = { sign: 'non-negative', max: 10_000_000 } as const;

  it('reads numbers and decimal strings alike, up to two decimals and the bound', () => {
    for (const ok of [0, 5000, 4000.5, '4000.50', '0', 10_000_000])
      expect({ ok, problem: amountProblem(ok, income) }).toEqual({ ok, problem: null });
  });

  it('refuses negative, over the bound, more decimals, and what is not an amount', () => {
    const cases: Array<[unknown, RegExp]> = [
      [-1, /negative/],
      ['-0.01', /negative/],
      [10_000_000.01, /at most 10,000,000/],
      [1e300, /amount/],
      [0.1 + 0.2, /two decimals/],
      ['lots', /amount/],
      ['1e6', /amount/],
      [Number.NaN, /amount/],
      [null, /amount/],
      [true, /amount/],
    ];
    for (const [value, why] of cases)
      expect({ value, problem: amountProblem(value, income) }).toEqual({ value, problem: expect.stringMatching(why) });
    expect(amountProblem(0, { sign: 'positive', max: 1 })).toBe('must be greater than 0');
  });
});
