// Login under load and the event loop: while 50 connections log in (argon2id each), GET /api/health/live
// must stay fast, because hashing runs in libuv's thread pool, not on the event loop.
// Usage: npm run build && node bench/login.js   (DATABASE_URL / REDIS_URL optional)
import argon2 from 'argon2';
import { cpus } from 'node:os';
import { run, startService } from './lib.js';

const email = 'bench-login@example.com';
const password = 'Bench-Login-Pass-1!';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 10);

const service = await startService({
  ADMIN_EMAIL: email,
  ADMIN_PASSWORD: password,
  DATABASE_URL: process.env.DATABASE_URL ?? 'pglite://memory',
});
try {
  // One hash's time on this machine, single-threaded, for the argon2 bound.
  const hash = await argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: 19 * 1024,
    timeCost: 2,
    parallelism: 1,
  });
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) await argon2.verify(hash, password);
  const hashMs = (performance.now() - t0) / 10;
  const bound = cpus().length / (hashMs / 1000);

  const body = JSON.stringify({ email, password });
  const rows = [];
  for (let r = 0; r < rounds; r++) {
    const idle = await run({ url: `${service.url}/api/health/live`, connections: 5, duration: 5 });
    const [login, live] = await Promise.all([
      run({
        url: `${service.url}/api/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: 50,
        duration,
      }),
      run({ url: `${service.url}/api/health/live`, connections: 5, duration }),
    ]);
    if (login.non2xx) throw new Error(`${login.non2xx} logins failed`);
    rows.push({
      idleP99: idle.latency.p99,
      liveP50: live.latency.p50,
      liveP99: live.latency.p99,
      loginRps: login.requests.average,
      loginP99: login.latency.p99,
    });
  }
  const med = (k) => rows.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  console.log(
    JSON.stringify(
      { cores: cpus().length, hashMs: +hashMs.toFixed(1), argon2Bound: +bound.toFixed(1), rounds: rows },
      null,
      2,
    ),
  );
  console.log(
    `\nmedian of ${rows.length} rounds: health/live p99 idle ${med('idleP99')} ms, under 50 concurrent logins p50 ${med('liveP50')} ms / p99 ${med('liveP99')} ms; ` +
      `login ${med('loginRps').toFixed(1)} req/s = ${((med('loginRps') / bound) * 100).toFixed(0)}% of the argon2 bound (${bound.toFixed(1)}/s)`,
  );
} finally {
  await service.stop();
}
