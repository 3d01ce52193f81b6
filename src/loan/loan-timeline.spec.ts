import { DomainError } from '../common/errors/index.js';
import { CLOCK_SKEW_MS, eventDate, latestMilestone } from './loan-timeline.js';

describe('latestMilestone', () => {
  it('picks the latest event that happened and skips those that did not', () => {
    expect(
      latestMilestone([
        { event: 'the application', at: new Date('2025-01-01T00:00:00Z') },
        { event: 'the approval', at: '2025-01-03T00:00:00.000Z' },
        { event: 'the disbursement', at: null },
      ]),
    ).toEqual({ event: 'the approval', at: new Date('2025-01-03T00:00:00Z') });
    expect(latestMilestone([{ event: 'the disbursement', at: null }])).toBeNull();
  });
});

describe('eventDate', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const floor = { event: 'the approval', at: new Date('2025-06-01T11:00:00Z') };

  it('takes a past date as given, leaving the timeline check to the caller', () => {
    expect(eventDate('2020-01-01T00:00:00.000Z', 'paid_at', floor, now)).toEqual(new Date('2020-01-01T00:00:00Z'));
  });

  it('allows the clock skew and refuses the future beyond it, naming the field', () => {
    expect(eventDate(new Date(now + CLOCK_SKEW_MS).toISOString(), 'paid_at', floor, now).getTime()).toBe(
      now + CLOCK_SKEW_MS,
    );
    let error: unknown;
    try {
      eventDate(new Date(now + CLOCK_SKEW_MS + 1).toISOString(), 'disbursed_at', floor, now);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toEqual([{ field: 'disbursed_at', message: 'must not be in the future' }]);
  });

  it('defaults to now, but never before the floor', () => {
    expect(eventDate(undefined, 'paid_at', floor, now)).toEqual(new Date(now));
    expect(eventDate(undefined, 'paid_at', null, now)).toEqual(new Date(now));
    const ahead = { event: 'the last recorded payment', at: new Date(now + 1000) };
    expect(eventDate(undefined, 'paid_at', ahead, now)).toEqual(ahead.at);
  });
});
