// Login under load and the event loop: while 50 connections log in (argon2id each), GET /api/health/live
// must stay fast. Runs the service twice side by side, with background threads reniced (the default) and
// without (the baseline), and on PostgreSQL the bare login reference (bench/reference-server.js: argon2id verify,
// one statement for the session, tokens signed: issue 13's floor), alternating rounds, and reports medians.
// Usage: npm run build && node bench/login.js   (DATABASE_URL recommended; pglite://memory otherwise)
import argon2 from 'argon2';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { cpuWindow } from './cpu-shares.js';
import { median, root, run, runApart, startService } from './lib.js';

const email = 'bench-login@example.com';
const password = 'Bench-Login-Pass-1!';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 8);
const databaseUrl = process.env.DATABASE_URL ?? 'pglite://memory';
const service = (env) => () =>
  startService({
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: password,
    DATABASE_URL: databaseUrl,
    // 50 logins to one account at once: above the default lockout allowance (5 in flight), which would
    // answer most of them 429 unchecked. The bench measures hashing, so the allowance is raised.
    AUTH_LOCKOUT_THRESHOLD: '100',
    ...env,
  });
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const REFERENCE = 'bare login reference';
const variants = [
  { name: 'BACKGROUND_THREAD_NICE=5 (default)', start: service({ BACKGROUND_THREAD_NICE: '5' }) },
  { name: 'BACKGROUND_THREAD_NICE=0 (baseline)', start: service({ BACKGROUND_THREAD_NICE: '0' }) },
  // It logs in the admin the service seeded in the same database, so it needs PostgreSQL and comes last.
  ...(databaseUrl.startsWith('postgres')
    ? [
        {
          name: REFERENCE,
          reference: true,
          start: () =>
            startService(
              {
                DATABASE_URL: databaseUrl,
                JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
                JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
                JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
              },
              root,
              'bench/reference-server.js',
            ),
        },
      ]
    : []),
];

const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 });
const t0 = performance.now();
for (let i = 0; i < 10; i++) await argon2.verify(hash, password);
const hashMs = (performance.now() - t0) / 10;
const bound = cpus().length / (hashMs / 1000);

/** Verifies per second with one verify per core in flight and nothing else running: what the box can hash. */
async function bareArgon2(seconds) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      await argon2.verify(hash, password);
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(cpus().map(lane));
  return done / ((performance.now() - start) / 1000);
}
const bare = [];

/** The service's event-loop delay since the last scrape (ms), from its own metrics listener. */
async function eventLoopDelay(metricsUrl) {
  const text = await (await fetch(metricsUrl)).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
}

const results = Object.fromEntries(variants.map((v) => [v.name, []]));
for (let r = 0; r < rounds; r++) {
  bare.push(await bareArgon2(3));
  for (const variant of variants) {
    const service = await variant.start();
    try {
      // The probe asks at a fixed 100 requests/s, as a monitor would: unthrottled, its own load (here and in the
      // service) would take the cores the logins are measured on. It runs in a process of its own, as a monitor
      // on another host would: sharing the load generator's event loop, it measured that loop's stalls too.
      const probe = { url: `${service.url}/api/health/live`, connections: 5, overallRate: 100 };
      const idle = await runApart({ ...probe, duration: 3 });
      // The service's own event-loop delay (prom-client resets it at every scrape): this read opens the window.
      // The reference has no metrics.
      if (!variant.reference) await eventLoopDelay(service.metricsUrl);
      const body = JSON.stringify({ email, password });
      const cpu = cpuWindow(service.child.pid);
      const [login, live] = await Promise.all([
        run({
          url: `${service.url}/api/auth/login`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          connections: 50,
          duration,
        }),
        runApart({ ...probe, duration }),
      ]);
      const spent = cpu();
      if (login.non2xx) throw new Error(`${login.non2xx} logins failed`);
      const lag = variant.reference ? { p99: NaN, max: NaN } : await eventLoopDelay(service.metricsUrl);
      results[variant.name].push({
        idleP99: idle.latency.p99,
        liveP50: live.latency.p50,
        liveP99: live.latency.p99,
        loginRps: login.requests.average,
        lagP99: lag.p99,
        lagMax: lag.max,
        cpu: spent,
        logins: login.requests.total,
      });
    } finally {
      await service.stop();
    }
  }
}

const bareRate = median(bare);
console.log(
  `cores ${cpus().length}, one argon2id verify ${hashMs.toFixed(1)} ms, argon2 bound ${bound.toFixed(1)} logins/s; ` +
    `bare argon2 (one verify per core, nothing else running) ${bareRate.toFixed(1)} verifies/s`,
);
console.log(
  `medians of ${rounds} alternating rounds, ${duration} s each, 50 login connections + health/live at 100 req/s:\n`,
);
console.log(
  '| variant | health/live p99 idle | health/live p50 / p99 under logins | service event-loop delay p99 / max under logins | logins/s | of argon2 bound | of bare argon2 | of the bare login reference |',
);
console.log('|---|---|---|---|---|---|---|---|');
const referenceRps = results[REFERENCE] && median(results[REFERENCE].map((x) => x.loginRps));
for (const [name, rows] of Object.entries(results)) {
  const m = (k) => median(rows.map((x) => x[k]));
  const pct = (of) => `${((m('loginRps') / of) * 100).toFixed(0)} %`;
  const lag = name === REFERENCE ? '–' : `${m('lagP99').toFixed(0)} / ${m('lagMax').toFixed(0)} ms`;
  const ofReference = referenceRps ? (m('loginRps') / referenceRps).toFixed(2) : '–';
  console.log(
    `| ${name} | ${m('idleP99')} ms | ${m('liveP50')} / ${m('liveP99')} ms | ${lag} | ` +
      `${m('loginRps').toFixed(1)} | ${pct(bound)} | ${pct(bareRate)} | ${ofReference} |`,
  );
}

// Per login: CPU milliseconds by consumer over the load window (bench/cpu-shares.js). "machine" is every busy
// core-second on the box (anything else running counts there too); idle and steal are what was left and lost.
console.log('\nCPU per login (ms), medians of the rounds:\n');
console.log(
  '| variant | event loop | other threads (argon2, V8) | PostgreSQL | bench (load generator) | machine busy | idle | steal |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, rows] of Object.entries(results)) {
  const per = (k) => median(rows.map((x) => (x.cpu[k] * 1000) / x.logins)).toFixed(1);
  console.log(
    `| ${name} | ${per('loop')} | ${per('threads')} | ${per('postgres')} | ${per('bench')} | ${per('busy')} | ` +
      `${per('idle')} | ${per('steal')} |`,
  );
}
