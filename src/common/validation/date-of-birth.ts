import { ValidateBy, type ValidationOptions } from 'class-validator';
import { calendarDate } from './calendar-date.js';

/**
 * BlockScore lends: a borrower is an adult, and nobody is older than the oldest people alive. Partners read the
 * age from the date of birth, so a date outside this range is nonsense that would reach them.
 */
export const ADULT_AGE = { min: 18, max: 120 } as const;

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole years from `dateOfBirth` (YYYY-MM-DD) to `now`, counted in UTC; negative for a future date. */
export function ageInYears(dateOfBirth: string, now: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let years = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) years--;
  return years;
}

/** What is wrong with a date of birth, or null when it is a real past date of an adult of plausible age. */
export function dateOfBirthProblem(value: unknown, now = new Date()): string | null {
  if (typeof value !== 'string' || !FORMAT.test(value)) return 'must be a date like 1990-01-31';
  if (!calendarDate(value)) return 'must be a real calendar date (this day does not exist)';
  const age = ageInYears(value, now);
  if (age < ADULT_AGE.min || age > ADULT_AGE.max) {
    return (
      `must be a date in the past giving an age from ${ADULT_AGE.min} to ${ADULT_AGE.max} years ` +
      `(BlockScore is a credit service for adults)`
    );
  }
  return null;
}

export const IsDateOfBirth = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDateOfBirth',
      validator: {
        validate: (value) => dateOfBirthProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${dateOfBirthProblem(args?.value) ?? 'is not accepted'}`,
      },
    },
    options,
  );
