import { centsToNumber, divCeil, divRoundHalfUp, formatCents, parseDecimal, toCents, toCentsRounded } from './money.js';

describe('money', () => {
  it('reads decimals exactly, including the exponent form numbers print in', () => {
    expect(parseDecimal('10000.10')).toEqual({ units: 1000010n, scale: 2 });
    expect(parseDecimal(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(parseDecimal(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(parseDecimal(1e21)).toEqual({ units: 10n ** 21n, scale: 0 });
    expect(parseDecimal('-1')).toBeNull();
    expect(parseDecimal('1,000')).toBeNull();
    expect(parseDecimal(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('turns amounts into cents without float error', () => {
    expect(toCents(0.1 + 0.2)).toBeNull(); // 0.30000000000000004 is not a cent amount
    expect(toCents(10000.1)).toBe(1000010n);
    expect(toCents('12.340')).toBe(1234n);
    expect(toCents('12.345')).toBeNull();
    expect(toCentsRounded('12.345')).toBe(1235n);
    expect(toCentsRounded('12.3449')).toBe(1234n);
  });

  it('rounds half-up and up', () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divCeil(10n, 3n)).toBe(4n);
    expect(divCeil(9n, 3n)).toBe(3n);
  });

  it('formats cents for people and for JSON', () => {
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(-1234n)).toBe('-12.34');
    expect(centsToNumber(1087056n)).toBe(10870.56);
  });

  it('turns cents into the number their decimal text parses to, at every magnitude', () => {
    const samples = [0n, 1n, 5n, 10n, 99n, 101n, 30196n, 1087056n, -1234n, 2n ** 53n - 1n, 2n ** 53n, 10n ** 20n + 7n];
    for (let i = 0; i < 20000; i++) samples.push(BigInt(Math.floor(Math.random() * 1e15)) * (i % 2 ? 1n : -1n));
    for (const cents of samples) expect(centsToNumber(cents)).toBe(Number(formatCents(cents)));
  });
});
