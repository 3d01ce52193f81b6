import { cents, centsOrZero, ratioBps } from './decimal.js';

describe('decimal', () => {
  it('reads decimal strings and numbers into cents, rounding half-up', () => {
    expect(cents('1234.56')).toBe(123456n);
    expect(cents('0.005')).toBe(1n);
    expect(cents('0.0049')).toBe(0n);
    expect(cents(10000.1)).toBe(1000010n);
    expect(cents('1e3')).toBe(100000n);
    expect(cents(' 7 ')).toBe(700n);
    expect(cents('123456789012345678901234.99')).toBe(12345678901234567890123499n);
  });

  it('refuses what is not a non-negative decimal', () => {
    for (const bad of ['-1', 'abc', '', '1,5', Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}]) {
      expect(cents(bad)).toBeNull();
    }
    expect(centsOrZero('garbage')).toBe(0n);
  });

  it('takes ratios in basis points on integers', () => {
    expect(ratioBps(250n, 10_000n)).toBe(250);
    expect(ratioBps(1n, 3n)).toBe(3333);
    expect(ratioBps(3n, 1n)).toBe(30_000);
  });
});
