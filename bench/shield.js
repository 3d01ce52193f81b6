// Is a before-routing shield worth having? A flood on a public route (POST /api/auth/login, 5 a minute per IP)
// from one client, so all but the first 5 answers are 429: with the shield (bench/shield-server.js adds it) they
// are refused in onRequest before the body is read; without it (the service as built) Fastify reads and parses
// the body, Nest routes it, and the RateLimitGuard refuses.
// Both variants run side by side, in alternating rounds; medians. A 90 KB body (what a flood sends to cost us the
// most, under the 100 KB limit) and a small one (the router's own cost).
// Usage: npm run build && node bench/shield.js   (REDIS_URL to count in Redis; BENCH_ROUNDS, BENCH_DURATION)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, run, startService } from './lib.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const duration = Number(process.env.BENCH_DURATION ?? 6);
const dirs = [];
const start = (shield) => {
  const dir = mkdtempSync(join(tmpdir(), `bench-shield-${shield}-`));
  dirs.push(dir);
  return startService(
    {
      BENCH_SHIELD: shield,
      RATE_LIMIT_ENABLED: 'true',
      // Each its own embedded database (nothing here reads it) unless DATABASE_URL says otherwise.
      DATA_DIR: dir,
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
    },
    undefined,
    'bench/shield-server.js',
  );
};
const variants = [
  ['shield', await start('on')],
  ['no shield', await start('off')],
];
// Each variant does what it says: once the IP's login limit is spent, malformed JSON is refused unread (429) with
// the shield, and read and answered 400 (counted, with its headers) without.
const expected = { shield: 429, 'no shield': 400 };
for (const [name, service] of variants) {
  const login = (body) =>
    fetch(`${service.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for (let i = 0; i < 5; i++) await login('{}');
  const { status } = await login('{"email":');
  if (status !== expected[name]) throw new Error(`${name}: malformed JSON over the limit answered ${status}`);
}
const body = (padding) =>
  JSON.stringify({ email: 'flood@example.com', password: 'Wrong-pass-123', pad: 'x'.repeat(padding) });
const floods = [
  { name: '90 KB body', body: body(90 * 1024) },
  { name: '60 B body', body: body(0) },
];

const results = {};
for (let r = 0; r < rounds; r++) {
  for (const flood of floods) {
    // Alternate which variant goes first, so neither always gets the warmer or the quieter machine.
    const order = r % 2 ? [...variants].reverse() : variants;
    for (const [name, service] of order) {
      const out = await run({
        url: `${service.url}/api/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: flood.body,
        connections: 50,
        duration,
      });
      const refused = out.statusCodeStats?.['429']?.count ?? 0;
      if (refused < out.requests.total * 0.99) throw new Error(`${name} ${flood.name}: only ${refused} of 429s`);
      (results[`${flood.name}|${name}`] ??= []).push(out);
    }
  }
}
for (const [, service] of variants) await service.stop();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

const m = (list, pick) => median(list.map(pick));
console.log(`medians of ${rounds} alternating rounds, ${duration} s each, 50 connections, one client IP\n`);
console.log('| flood | shield 429/s | no shield 429/s | ratio | shield p50 / p99 | no shield p50 / p99 |');
console.log('|---|---|---|---|---|---|');
for (const flood of floods) {
  const s = results[`${flood.name}|shield`];
  const n = results[`${flood.name}|no shield`];
  const rps = (list) => m(list, (x) => x.requests.average);
  console.log(
    `| ${flood.name} | ${rps(s).toFixed(0)} | ${rps(n).toFixed(0)} | ${(rps(s) / rps(n)).toFixed(2)} | ` +
      `${m(s, (x) => x.latency.p50)} / ${m(s, (x) => x.latency.p99)} ms | ${m(n, (x) => x.latency.p50)} / ${m(n, (x) => x.latency.p99)} ms |`,
  );
}
process.exit(0);
