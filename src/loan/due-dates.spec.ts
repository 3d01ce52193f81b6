import { dueDate, utcDay } from './due-dates.js';

describe('dueDate', () => {
  it('keeps the day of the month', () => {
    expect(dueDate(new Date('2025-01-15T10:00:00Z'), 1)).toBe('2025-02-15');
    expect(dueDate(new Date('2025-01-15T10:00:00Z'), 12)).toBe('2026-01-15');
  });

  it("clamps to a short month's last day without drifting afterwards", () => {
    const start = new Date('2024-01-31T23:00:00Z');
    expect([1, 2, 3].map((k) => dueDate(start, k))).toEqual(['2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('reads days in UTC', () => {
    expect(utcDay(new Date('2025-03-01T00:30:00+02:00'))).toBe('2025-02-28');
  });
});
