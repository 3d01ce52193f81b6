import type { TestApp } from './app.js';

/**
 * Waits until every code request for these destinations is dispatched and the outbox holds nothing still to
 * send to them, so a test can assert what was (not) delivered without racing the workers. Scoped by
 * destination: suites sharing a real database may leave messages of their own behind.
 */
export async function outboxSettled(app: TestApp, destinations: string[], timeoutMs = 15000): Promise<void> {
  const db = app.dataSource;
  const started = Date.now();
  for (;;) {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM code_sends WHERE destination = ANY($1) AND processed_at IS NULL)::int
            + (SELECT count(*) FROM outbox WHERE destination = ANY($1) AND sent_at IS NULL AND failed_at IS NULL)::int AS n`,
      [destinations],
    );
    if (n === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${n} messages still unsent after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
