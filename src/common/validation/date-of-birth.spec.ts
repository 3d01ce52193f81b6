import { ageInYears, dateOfBirthProblem } from './date-of-birth.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('date of birth', () => {
  it('accepts real past dates of adults up to 120, including the seed example and the 18th and 120th birthdays', () => {
    for (const ok of ['1990-01-31', '2008-06-15', '1906-06-14', '2000-02-29']) {
      expect({ ok, problem: dateOfBirthProblem(ok, NOW) }).toEqual({ ok, problem: null });
    }
  });

  it('refuses future dates and ages outside 18–120, saying why', () => {
    for (const bad of ['2099-01-01', '2026-06-16', '2008-06-16', '1905-06-15', '0001-01-01']) {
      expect({ bad, problem: dateOfBirthProblem(bad, NOW) }).toEqual({
        bad,
        problem:
          'must be a date in the past giving an age from 18 to 120 years (BlockScore is a credit service for adults)',
      });
    }
  });

  it('refuses days that do not exist and other formats', () => {
    for (const bad of ['2001-02-29', '1990-04-31', '1990-13-01', '1990-00-10']) {
      expect(dateOfBirthProblem(bad, NOW)).toMatch(/real calendar date/);
    }
    for (const bad of ['10/12/1990', '1990-1-1', '1990-01-31T00:00:00Z', 19900131, null]) {
      expect(dateOfBirthProblem(bad, NOW)).toBe('must be a date like 1990-01-31');
    }
  });

  it('counts whole years in UTC, as partners are shown them', () => {
    expect(ageInYears('1990-06-15', new Date('2024-06-14T23:59:59Z'))).toBe(33);
    expect(ageInYears('1990-06-15', new Date('2024-06-15T00:00:00Z'))).toBe(34);
    expect(ageInYears('2099-01-01', NOW)).toBeLessThan(0);
  });
});
