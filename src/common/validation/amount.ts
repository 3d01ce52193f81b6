/** Money as the API takes it: a number, or a decimal string (`"4000.50"`), with at most two decimals. */
const DECIMAL = /^\d{1,15}(?:\.\d{1,2})?$/;

export interface AmountRule {
  /** `positive` refuses 0; `non-negative` accepts it. */
  sign: 'positive' | 'non-negative';
  max: number;
}

/** What is wrong with an amount of money, or null. Numbers and decimal strings are read alike. */
export function amountProblem(value: unknown, rule: AmountRule): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.startsWith('-') ? text.slice(1) : text)) {
    return 'must be an amount (a number or a decimal string) with at most two decimals';
  }
  const amount = Number(text);
  if (rule.sign === 'positive' ? amount <= 0 : amount < 0) {
    return rule.sign === 'positive' ? 'must be greater than 0' : 'must not be negative';
  }
  if (amount > rule.max) return `must be at most ${rule.max.toLocaleString('en-US')}`;
  return null;
}
