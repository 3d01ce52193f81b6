import type { FieldError } from '../common/errors/index.js';
import { amountProblem } from '../common/validation/amount.js';
import { isPlainText } from '../common/validation/plain-text.js';

export const EMPLOYMENT_STATUSES = ['employed', 'self_employed', 'unemployed', 'retired', 'student', 'other'] as const;

/** Stated incomes, bounded so a typo or a probe cannot make any loan look affordable. */
export const INCOME_LIMITS = { monthly_income: 10_000_000, annual_income: 120_000_000 } as const;
const MAX_PURPOSE_LENGTH = 500;

/**
 * application_data stays free-form (seed 000: "additional application info"), but the keys the approval model
 * reads (monthly_income, annual_income) and the ones an underwriter judges by (employment_status, purpose)
 * must mean something.
 */
export function applicationDataErrors(data: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const at = (key: string) => `application_data.${key}`;
  for (const key of ['monthly_income', 'annual_income'] as const) {
    if (!(key in data)) continue;
    const problem = amountProblem(data[key], { sign: 'non-negative', max: INCOME_LIMITS[key] });
    if (problem) errors.push({ field: at(key), message: `${at(key)} ${problem}` });
  }
  if ('employment_status' in data && !(EMPLOYMENT_STATUSES as readonly unknown[]).includes(data.employment_status)) {
    errors.push({
      field: at('employment_status'),
      message: `${at('employment_status')} must be one of: ${EMPLOYMENT_STATUSES.join(', ')}`,
    });
  }
  if ('purpose' in data) {
    const purpose = data.purpose;
    if (typeof purpose !== 'string' || purpose.trim() === '' || purpose.length > MAX_PURPOSE_LENGTH) {
      errors.push({
        field: at('purpose'),
        message: `${at('purpose')} must be text of 1 to ${MAX_PURPOSE_LENGTH} characters`,
      });
    } else if (!isPlainText(purpose, { multiline: true })) {
      errors.push({
        field: at('purpose'),
        message: `${at('purpose')} must be printable text (no control, invisible or bidirectional-override characters)`,
      });
    }
  }
  return errors;
}
