import { pastInstantProblem } from './instant.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const check = (value: unknown) => pastInstantProblem(value, { maxAgeYears: 20 }, NOW);

describe('the timestamp of something that happened', () => {
  it('accepts dates and date-times with an offset, up to five minutes ahead and 20 years back', () => {
    for (const ok of [
      '2024-12-30T15:30:00.000Z',
      '2024-12-30',
      '2024-12-30T15:30+02:00',
      '2026-06-15T12:04:00Z',
      '2006-06-16T00:00:00Z',
    ]) {
      expect({ ok, problem: check(ok) }).toEqual({ ok, problem: null });
    }
  });

  it('refuses the future, the far past, impossible dates and times without an offset', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['2999-01-01T00:00:00.000Z', /future/],
      ['2026-06-15T12:06:00Z', /future/],
      ['1900-01-01T00:00:00Z', /more than 20 years ago/],
      ['2024-02-30T00:00:00Z', /real calendar date/],
      ['2024-12-30T24:00:00Z', /real calendar date/],
      ['2024-12-30T15:30:00', /offset/],
      ['yesterday', /ISO 8601/],
      [1735572600000, /ISO 8601/],
    ];
    for (const [value, why] of cases)
      expect({ value, problem: check(value) }).toEqual({ value, problem: expect.stringMatching(why) });
  });
});
