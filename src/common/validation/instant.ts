import { ValidateBy, type ValidationOptions } from 'class-validator';
import { calendarDate } from './calendar-date.js';

/** Clock skew allowed on a client's timestamp before "in the future" is refused. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A date (midnight UTC), or a date and time with its offset: a time without an offset names no instant (the
 * server's time zone would pick one).
 */
const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

export interface PastInstantOptions {
  /** How far back a timestamp may lie before it is nonsense. */
  maxAgeYears: number;
}

/** What is wrong with the timestamp of something that happened, or null. */
export function pastInstantProblem(value: unknown, options: PastInstantOptions, now = Date.now()): string | null {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!m) return 'must be an ISO 8601 date, or date-time with its offset, like 2024-12-30T15:30:00Z';
  const [, date, hour, minute, second, offsetHour, offsetMinute] = m;
  const inRange = (part: string | undefined, max: number) => part === undefined || Number(part) <= max;
  if (
    !calendarDate(date) ||
    !inRange(hour, 23) ||
    !inRange(minute, 59) ||
    !inRange(second, 59) ||
    !inRange(offsetHour, 14) ||
    !inRange(offsetMinute, 59)
  ) {
    return 'must be a real calendar date and time';
  }
  const at = Date.parse(value as string);
  if (at > now + FUTURE_SKEW_MS) return 'must not be in the future';
  const oldest = new Date(now);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - options.maxAgeYears);
  if (at < oldest.getTime()) return `must not be more than ${options.maxAgeYears} years ago`;
  return null;
}

/** When something happened: a real instant, not in the future, not absurdly old. */
export const IsPastInstant = (options: PastInstantOptions, validation?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPastInstant',
      validator: {
        validate: (value) => pastInstantProblem(value, options) === null,
        defaultMessage: (args) => `${args?.property} ${pastInstantProblem(args?.value, options) ?? 'is not accepted'}`,
      },
    },
    validation,
  );
