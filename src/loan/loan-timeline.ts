import { validationFailed } from '../common/errors/index.js';

/** Clocks disagree a little; a timestamp this far ahead of ours is still "now", not the future. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A moment in a loan's life that what staff record later must not precede. */
export interface Milestone {
  /** As a sentence says it: "the approval". */
  event: string;
  at: Date;
}

/** The latest of the milestones that happened (a null date has not). */
export function latestMilestone(candidates: Array<{ event: string; at: Date | string | null }>): Milestone | null {
  let latest: Milestone | null = null;
  for (const { event, at } of candidates) {
    if (at === null) continue;
    const date = new Date(at);
    if (!latest || date >= latest.at) latest = { event, at: date };
  }
  return latest;
}

/**
 * The date of an event a staff member records: the one given, which must not be in the future; or now, but
 * never before `floor` — a clock slightly behind the database's must not put "now" before what already
 * happened. Refusing a given date before `floor` is the caller's, with its own code.
 */
export function eventDate(given: string | undefined, field: string, floor: Milestone | null, now = Date.now()): Date {
  if (given === undefined) return new Date(Math.max(now, floor?.at.getTime() ?? now));
  const at = new Date(given);
  if (Number.isNaN(at.getTime())) throw validationFailed([{ field, message: 'must be an ISO-8601 date' }]);
  if (at.getTime() > now + CLOCK_SKEW_MS) throw validationFailed([{ field, message: 'must not be in the future' }]);
  return at;
}
