/**
 * Decimal strings (money, token amounts) read exactly into bigint cents, and ratios taken on those
 * integers, so no amount goes through a binary float. The credit module keeps its own copy of these few
 * lines rather than reach into the loan module, which itself depends on credit.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** Non-negative cents, rounded half-up; null for anything that is not a non-negative decimal. */
export function cents(value: unknown): bigint | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const m = DECIMAL.exec(typeof value === 'number' ? String(value) : value.trim());
  if (!m) return null;
  const fraction = m[2] ?? '';
  const exponent = Number(m[3] ?? '0');
  if (Math.abs(exponent) > 400) return null;
  const units = BigInt(m[1] + fraction);
  const shift = 2 + exponent - fraction.length;
  if (shift >= 0) return units * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  return (units * 2n + divisor) / (divisor * 2n);
}

/** Same as `cents`, treating anything unreadable as zero: signals come from our own services. */
export function centsOrZero(value: unknown): bigint {
  return cents(value) ?? 0n;
}

/** numerator / denominator in basis points (1 % = 100), rounded down; denominator must be > 0. */
export function ratioBps(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 10_000n) / denominator);
}
