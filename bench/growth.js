// Cost as data grows (issue 13): the hot reads at a small size (1k users) and the full one (100k users, 1M credit
// scores, 1M credit events, 200k loans, with their sessions, wallets, instalments, payments, endorsements and
// partner submissions), each in a PostgreSQL database of its own seeded by bench/growth-seed.js. The measured user
// (the bench's admin) owns the same rows at both sizes (10,100 events: history page 500 exists at 20 a page), so
// what changes between the columns is only the tables around it. Both services run side by side; every round
// measures each route on both, the size that goes first alternating, 10 connections; medians.
// Usage: npm run build && DATABASE_URL=postgres://…/<an existing database> node bench/growth.js   (BENCH_ROUNDS, BENCH_DURATION,
// GROWTH_SMALL_USERS, GROWTH_FULL_USERS). It creates (and drops first) <db>_growth_1k and <db>_growth_full.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedGrowth, tableSizes } from './growth-seed.js';
import { median, run, startService } from './lib.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = 10;
const sizes = [
  ['1k', Number(process.env.GROWTH_SMALL_USERS ?? 1_000)],
  ['full', Number(process.env.GROWTH_FULL_USERS ?? 100_000)],
];
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith('postgres'))
  throw new Error('set DATABASE_URL=postgres://… (the growth bench needs PostgreSQL)');

const email = 'bench-growth@example.com';
const password = 'Bench-Growth-Pass-1!';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function databaseFor(name) {
  const url = new URL(databaseUrl);
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}_growth_${name}`;
  return url;
}

async function onServer(statements) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A service on a fresh database of `users` seeded users; returns what the routes need. */
async function prepare(name, users) {
  const url = databaseFor(name);
  const db = url.pathname.slice(1);
  await onServer([`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`, `CREATE DATABASE "${db}"`]);
  const service = await startService({
    DATABASE_URL: url.toString(),
    JWT_SIGNING_KEYS: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: password,
  });
  const api = async (path, init = {}) => {
    const res = await fetch(`${service.url}/api${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const body = await res.json();
    if (!res.ok)
      throw new Error(`${name}: ${init.method ?? 'GET'} ${path} answered ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const login = await api('/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
  const auth = { authorization: `Bearer ${login.tokens.access_token}` };
  // A real score first: its JSON columns are copied into every seeded one, and its model version is the app's.
  await api('/credit/calculate-score', { method: 'POST', headers: auth, body: '{}' });
  // Two connections: the two largest tables are filled in two halves at once (this box has two cores).
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const query = (text, params) => pool.query(text, params);
  const [me] = (
    await query(
      `SELECT u.id, s.model_version, s.factors, s.recommendations, s.characteristics, s.inputs
         FROM users u JOIN credit_scores s ON s.user_id = u.id WHERE u.email = $1`,
      [email],
    )
  ).rows;
  const started = performance.now();
  const took = await seedGrowth(query, {
    users,
    measuredUserId: me.id,
    modelVersion: me.model_version,
    scoreJson: me,
    concurrency: 2,
  });
  const seconds = (performance.now() - started) / 1000;
  const counts = await tableSizes(query);
  await pool.end();
  console.log(
    `${name}: seeded ${users} users in ${seconds.toFixed(1)} s ` +
      `(${Object.entries(took)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')}); rows: ${JSON.stringify(counts)}`,
  );
  const handle = (await api('/profile', { headers: auth })).data.profile.handle;
  const partner = await api('/admin/partners', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'Growth bench partner', contact: 'bench@example.com' }),
  });
  return { name, service, auth, partner: { authorization: `client ${partner.data.client_id}` }, handle };
}

const prepared = [];
// An interrupted run leaves no service behind on its database.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    for (const s of prepared) s.service.child.kill('SIGKILL');
    process.exit(1);
  });
for (const [name, users] of sizes) prepared.push(await prepare(name, users));

const quote = JSON.stringify({ amount: 10000, rate: 5.5, term_months: 36 });
const routes = [
  { name: 'GET /api/profile', path: () => '/api/profile', opts: (s) => ({ headers: s.auth }) },
  {
    name: 'POST /api/loans/calculate',
    path: () => '/api/loans/calculate',
    opts: (s) => ({ method: 'POST', headers: { ...s.auth, 'content-type': 'application/json' }, body: quote }),
  },
  {
    name: 'GET /api/credit/history (page 1)',
    path: () => '/api/credit/history?page=1',
    opts: (s) => ({ headers: s.auth }),
  },
  {
    name: 'GET /api/credit/history (page 500)',
    path: () => '/api/credit/history?page=500',
    opts: (s) => ({ headers: s.auth }),
  },
  { name: 'GET /api/loans', path: () => '/api/loans', opts: (s) => ({ headers: s.auth }) },
  {
    name: 'GET /api/partner/users/:handleId',
    path: (s) => `/api/partner/users/${s.handle}`,
    opts: (s) => ({ headers: s.partner }),
  },
];

// Every route answers, and the same at both sizes: the measured user's rows are the same.
for (const route of routes) {
  const bodies = [];
  for (const s of prepared) {
    const res = await fetch(s.service.url + route.path(s), route.opts(s));
    const body = await res.json();
    if (!res.ok) throw new Error(`${s.name} ${route.name}: ${res.status} ${JSON.stringify(body)}`);
    bodies.push(body);
  }
  if (route.name.includes('page 500') && !bodies.every((b) => b.data.history.length > 0))
    throw new Error('history page 500 is empty');
}

const results = {};
for (let r = 0; r < rounds; r++) {
  for (const route of routes) {
    const order = r % 2 ? [...prepared].reverse() : prepared;
    for (const s of order) {
      const out = await run({ url: s.service.url + route.path(s), connections, duration, ...route.opts(s) });
      if (out.non2xx) throw new Error(`${s.name} ${route.name}: ${out.non2xx} non-2xx answers`);
      (results[`${route.name}|${s.name}`] ??= []).push(out);
    }
  }
}
for (const s of prepared) await s.service.stop();

const m = (list, pick) => median(list.map(pick));
console.log(
  `\nmedians of ${rounds} alternating rounds, ${duration} s each, ${connections} connections; ` +
    `sizes: ${sizes.map(([n, u]) => `${n} = ${u} users`).join(', ')}\n`,
);
console.log(
  `| route | p50 / p99 at ${sizes[0][0]} | p50 / p99 at ${sizes[1][0]} | ratio of p50s | req/s at ${sizes[0][0]} / ${sizes[1][0]} |`,
);
console.log('|---|---|---|---|---|');
for (const route of routes) {
  const [a, b] = sizes.map(([n]) => results[`${route.name}|${n}`]);
  const p50 = (l) => m(l, (x) => x.latency.p50);
  const p99 = (l) => m(l, (x) => x.latency.p99);
  const rps = (l) => m(l, (x) => x.requests.average).toFixed(0);
  console.log(
    `| ${route.name} | ${p50(a)} / ${p99(a)} ms | ${p50(b)} / ${p99(b)} ms | ${(p50(b) / p50(a)).toFixed(2)} | ` +
      `${rps(a)} / ${rps(b)} |`,
  );
}
console.log('\np50 of each round (small → full)\n');
for (const route of routes) {
  const [a, b] = sizes.map(([n]) => results[`${route.name}|${n}`]);
  console.log(`- ${route.name}: ${a.map((x, i) => `${x.latency.p50} → ${b[i].latency.p50}`).join(', ')}`);
}
process.exit(0);
