import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TestApp } from './app.js';

/**
 * Waits until the outbox holds nothing still to send to these destinations, so a test can assert what was
 * (not) delivered without racing the worker. Scoped by destination: suites sharing a real database may leave
 * messages of their own behind.
 */
export async function outboxSettled(app: TestApp, destinations: string[], timeoutMs = 15000): Promise<void> {
  const db = app.app.get<DataSource>(getDataSourceToken());
  const started = Date.now();
  for (;;) {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE destination = ANY($1) AND sent_at IS NULL AND failed_at IS NULL`,
      [destinations],
    );
    if (n === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${n} messages still unsent after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
