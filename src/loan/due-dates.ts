/**
 * The k-th monthly due date after `start` (UTC), on the same day of the month, or the month's last day
 * when it is shorter (a loan disbursed on 31 January is due on 28/29 February, then 31 March).
 */
export function dueDate(start: Date, k: number): string {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + k;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

/** YYYY-MM-DD of an instant, in UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
