/**
 * Exact decimal arithmetic for loan maths. Money is held as bigint cents and rates as exact fractions, so
 * no amount ever passes through a binary float; numbers appear only at the edge (`centsToNumber`).
 */

/** An exact non-negative decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

// Number#toString may answer in exponent form ("1e-7", "1e+21"), so the parser accepts it too.
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Parses a non-negative decimal exactly. A JS number is read through its shortest round-trip string,
 * which is the decimal the client typed in JSON (10000.1 → "10000.1"), never its binary expansion.
 */
export function parseDecimal(value: number | string): Decimal | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  const exponent = Number(m[3] ?? '0');
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return null;
  let units = BigInt(m[1] + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/** Exact cents, or null when the value is not a decimal or has fractions of a cent. */
export function toCents(value: number | string): bigint | null {
  const d = parseDecimal(value);
  if (!d) return null;
  if (d.scale <= 2) return d.units * 10n ** BigInt(2 - d.scale);
  const divisor = 10n ** BigInt(d.scale - 2);
  return d.units % divisor === 0n ? d.units / divisor : null;
}

/** Cents rounded half-up; for decimal strings that may carry more precision (stored numerics). */
export function toCentsRounded(value: number | string): bigint | null {
  const d = parseDecimal(value);
  if (!d) return null;
  if (d.scale <= 2) return d.units * 10n ** BigInt(2 - d.scale);
  return divRoundHalfUp(d.units, 10n ** BigInt(d.scale - 2));
}

/** Rounds a non-negative fraction half-up (the rounding people expect for money: 0.005 → 0.01). */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n || numerator < 0n) throw new RangeError('divRoundHalfUp expects n ≥ 0 and d > 0');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** Rounds a non-negative fraction up to the next whole unit. */
export function divCeil(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n || numerator < 0n) throw new RangeError('divCeil expects n ≥ 0 and d > 0');
  return (numerator + denominator - 1n) / denominator;
}

/** "-12.30" style text, exact. */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const SAFE_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/** The number closest to the cents value; JSON then prints it with at most two decimals. */
export function centsToNumber(cents: bigint): number {
  // Below 2^53 the cents are an exact double, and IEEE division is correctly rounded, so cents / 100 is the double
  // closest to the decimal: what parsing its text gives, at a fraction of the cost (a quote converts ~150 figures).
  if (cents <= SAFE_CENTS && cents >= -SAFE_CENTS) return Number(cents) / 100;
  return Number(formatCents(cents));
}
