// The route bench: the service next to two bare reference servers (bench/reference-server.js: Fastify + jose +
// pg), one copying the service's queries (issue 6) and one answering each request with one statement (the floor
// of issue 13), all on the same PostgreSQL, 50 connections, alternating rounds, medians. Servers take turns going
// first from round to round. Routes: GET /api/health/live, GET /api/profile,
// POST /api/loans/calculate. Login is measured against the argon2 bound by bench/login.js and calculate-score
// against a local node by bench/credit.js.
// Usage: npm run build && DATABASE_URL=postgres://… node bench/routes.js   (BENCH_ROUNDS, BENCH_DURATION)
// Before/after: BENCH_BASELINE_DIR=<another built checkout> BENCH_BASELINE_DATABASE_URL=postgres://…/<its own db>
// adds that build as a third server in the same alternating rounds (its own database: its own migrations).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { median, root, run, startService } from './lib.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 8);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith('postgres'))
  throw new Error('set DATABASE_URL=postgres://… (the reference needs PostgreSQL)');
// The service signs access tokens ES256 with this key; the reference verifies them with its public half.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const email = 'bench-routes@example.com';
const password = 'Bench-Routes-Pass-1!';

const service = await startService({
  DATABASE_URL: databaseUrl,
  JWT_SIGNING_KEYS: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
  ADMIN_EMAIL: email,
  ADMIN_PASSWORD: password,
});
const baselineDir = process.env.BENCH_BASELINE_DIR;
const baseline = baselineDir
  ? await startService(
      {
        DATABASE_URL: process.env.BENCH_BASELINE_DATABASE_URL,
        // Builds from before the token keys read these; later ones ignore them (and the reverse).
        JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
        JWT_SIGNING_KEYS: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
        ADMIN_EMAIL: email,
        ADMIN_PASSWORD: password,
      },
      baselineDir,
    )
  : null;
if (baselineDir && !process.env.BENCH_BASELINE_DATABASE_URL?.startsWith('postgres'))
  throw new Error('set BENCH_BASELINE_DATABASE_URL=postgres://… (a database of its own for the baseline)');
/** One reference server (bench/reference-server.js) in `mode`: `copy` of the service's queries, or the `floor`. */
const startReference = (mode) =>
  startService(
    {
      DATABASE_URL: databaseUrl,
      JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      REFERENCE_MODE: mode,
    },
    root,
    'bench/reference-server.js',
  );
const reference = await startReference('copy');
const floor = await startReference('floor');

/** Logs the bench admin in and stores one score, so every server reads one (the service would compute it first). */
async function signIn(url) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${login.tokens.access_token}` };
  await fetch(`${url}/api/credit/calculate-score`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: '{}',
  });
  return auth;
}
const auth = await signIn(service.url);
const baselineAuth = baseline ? await signIn(baseline.url) : null;

const quote = JSON.stringify({ amount: 10000, rate: 5.5, term_months: 36 });
// Each server is asked with its own token (a baseline may sign another way); the reference takes the service's.
const routes = [
  { name: 'GET /api/health/live', path: '/api/health/live', opts: () => ({}) },
  { name: 'GET /api/profile', path: '/api/profile', opts: (a) => ({ headers: a }) },
  {
    name: 'POST /api/loans/calculate',
    path: '/api/loans/calculate',
    opts: (a) => ({ method: 'POST', headers: { ...a, 'content-type': 'application/json' }, body: quote }),
  },
];
const servers = [
  ['service', service.url, auth],
  ['reference', reference.url, auth],
  ['floor', floor.url, auth],
  ...(baseline ? [['baseline', baseline.url, baselineAuth]] : []),
];
// The floor must give the copy's answer: same bodies for the same token, or its speed means nothing.
for (const route of routes) {
  const [copy, one] = await Promise.all(
    [reference, floor].map((r) => fetch(r.url + route.path, route.opts(auth)).then((res) => res.text())),
  );
  if (copy !== one) throw new Error(`${route.name}: the floor answers\n${one}\nwhere the copy answers\n${copy}`);
}
const results = {};
for (let r = 0; r < rounds; r++) {
  for (const route of routes) {
    // Each round starts with the next server, so none always runs first (warm) or last (after the others' load).
    const order = servers.map((_, i) => servers[(i + r) % servers.length]);
    for (const [server, url, a] of order) {
      const out = await run({ url: url + route.path, connections: 50, duration, ...route.opts(a) });
      if (out.non2xx) throw new Error(`${server} ${route.name}: ${out.non2xx} non-2xx answers`);
      (results[`${route.name}|${server}`] ??= []).push(out);
    }
  }
}
await reference.stop();
await floor.stop();
await service.stop();
await baseline?.stop();

const m = (list, pick) => median(list.map(pick));
console.log(`medians of ${rounds} alternating rounds, ${duration} s each, 50 connections\n`);
console.log(
  '| route | service req/s | reference (copy) req/s | ratio | floor (one statement) req/s | ratio | ' +
    'service p50 / p99 | copy p50 / p99 | floor p50 / p99 |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const rps = (list) => m(list, (x) => x.requests.average);
const latency = (list) => `${m(list, (x) => x.latency.p50)} / ${m(list, (x) => x.latency.p99)} ms`;
for (const route of routes) {
  const [s, c, f] = ['service', 'reference', 'floor'].map((server) => results[`${route.name}|${server}`]);
  console.log(
    `| ${route.name} | ${rps(s).toFixed(0)} | ${rps(c).toFixed(0)} | ${(rps(s) / rps(c)).toFixed(2)} | ` +
      `${rps(f).toFixed(0)} | ${(rps(s) / rps(f)).toFixed(2)} | ${latency(s)} | ${latency(c)} | ${latency(f)} |`,
  );
}
console.log('\nratio of each round (service ÷ floor)\n');
for (const route of routes) {
  const s = results[`${route.name}|service`];
  const f = results[`${route.name}|floor`];
  console.log(
    `- ${route.name}: ${s.map((x, i) => (x.requests.average / f[i].requests.average).toFixed(2)).join(', ')}`,
  );
}
if (baseline) {
  console.log(`\nthis build against the baseline (${baselineDir}), same rounds\n`);
  console.log('| route | service req/s | baseline req/s | ratio | service p50 / p99 | baseline p50 / p99 |');
  console.log('|---|---|---|---|---|---|');
  for (const route of routes) {
    const s = results[`${route.name}|service`];
    const b = results[`${route.name}|baseline`];
    console.log(
      `| ${route.name} | ${rps(s).toFixed(0)} | ${rps(b).toFixed(0)} | ${(rps(s) / rps(b)).toFixed(2)} | ` +
        `${m(s, (x) => x.latency.p50)} / ${m(s, (x) => x.latency.p99)} ms | ${m(b, (x) => x.latency.p50)} / ${m(b, (x) => x.latency.p99)} ms |`,
    );
  }
  console.log('\nratio of each round (this build ÷ baseline), to see the spread behind the medians\n');
  for (const route of routes) {
    const s = results[`${route.name}|service`];
    const b = results[`${route.name}|baseline`];
    const ratios = s.map((x, i) => (x.requests.average / b[i].requests.average).toFixed(2));
    console.log(`- ${route.name}: ${ratios.join(', ')}`);
  }
}
process.exit(0);
