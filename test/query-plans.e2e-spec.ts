import pg from 'pg';
import { GROWN_TABLES, seedGrowth } from '../bench/growth-seed.js';
import type { DatabasePool } from '../src/database/database-pool.js';
import { startTestApp, unique, type TestApp } from './support/app.js';
import { bearer, login } from './support/auth-helpers.js';

/**
 * The hot routes' statements stay on indexes as tables grow (issue 13, "cost as data grows"). The statements are
 * not written down here: the test records what the app sends while one request of each hot route runs, so a
 * rewritten query is checked as it is, then asks PostgreSQL for each one's plan (with the parameters it was sent
 * with) on a database seeded by bench/growth-seed.js, and fails on a sequential scan of a table that grows with
 * the user base. Sized so the planner already prefers an index where one serves (a few thousand users, tens of
 * thousands of events and scores), small enough to seed in seconds on the embedded database.
 */

/** The tables the seed makes large, as they are in production; a Seq Scan on any of them grows with it. */
const LARGE = new Set(GROWN_TABLES);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

interface Recorded {
  route: string;
  text: string;
  values: unknown[];
}

/** Every relation a plan reads, and those it reads by sequential scan. */
function walk(node: PlanNode, found = { relations: new Set<string>(), seqScans: new Set<string>() }) {
  const relation = node['Relation Name'];
  if (relation) {
    found.relations.add(relation);
    if (node['Node Type'].includes('Seq Scan') && LARGE.has(relation)) found.seqScans.add(relation);
  }
  for (const child of node.Plans ?? []) walk(child, found);
  return found;
}

const DML = /^\s*(SELECT|WITH|UPDATE|DELETE|INSERT)\b/i;

describe('query plans of the hot routes on a grown database', () => {
  let app: TestApp;
  let pool: pg.Pool;
  let auth: Record<string, string>;
  let partner: Record<string, string>;
  let handle: string;
  let ownDatabase: { server: string; name: string } | null = null;
  const adminEmail = `${unique('plans')}@example.com`;
  const adminPassword = 'Plans-Strong-Pass-1';
  /** The measured user's own rows: a small share of each table, as a real user's is. */
  const measured = { events: 200, scores: 10, loans: 8, endorsers: 5, transactions: 3, ratings: 3 };
  const perPage = 20;

  beforeAll(async () => {
    // On PostgreSQL a database of its own: the worker's is shared with the files before and after this one.
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl?.startsWith('postgres')) {
      const url = new URL(databaseUrl);
      const name = `${decodeURIComponent(url.pathname.slice(1))}_plans`;
      ownDatabase = { server: databaseUrl, name };
      await onServer(databaseUrl, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`]);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }
    app = await startTestApp({
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      RATE_LIMIT_ENABLED: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
    auth = bearer((await login(app, adminEmail, adminPassword)).access);
    expect((await app.request('/credit/calculate-score', { method: 'POST', headers: auth, json: {} })).status).toBe(
      200,
    );
    pool = app.provider<DatabasePool>('DatabasePool').pool as unknown as pg.Pool;
    const [me] = (
      await pool.query<{ id: string; model_version: string }>(
        `SELECT u.id, s.model_version FROM users u JOIN credit_scores s ON s.user_id = u.id WHERE u.email = $1`,
        [adminEmail],
      )
    ).rows;
    await seedGrowth((text, params) => pool.query(text, params), {
      users: 3000,
      measuredUserId: me.id,
      modelVersion: me.model_version,
      measured,
    });
    handle = (await app.request('/profile', { headers: auth })).body.data.profile.handle as string;
    const created = await app.request('/admin/partners', {
      method: 'POST',
      headers: auth,
      json: { name: 'Plans partner', contact: 'plans@example.com' },
    });
    partner = { authorization: `client ${created.body.data.client_id}` };
  });

  afterAll(async () => {
    await app?.stop();
    if (ownDatabase) await onServer(ownDatabase.server, [`DROP DATABASE IF EXISTS "${ownDatabase.name}" WITH (FORCE)`]);
  });

  /**
   * Runs `requests` one at a time and returns every statement the app sent meanwhile, by wrapping `query` of the
   * pool's client class (TypeORM's statements and the prepared hot reads alike go through it).
   */
  async function recordStatements(requests: Array<[string, () => Promise<number>]>): Promise<Recorded[]> {
    const proto = (pool as unknown as { Client: { prototype: { query: (...args: unknown[]) => unknown } } }).Client
      .prototype;
    const original = proto.query;
    const recorded: Recorded[] = [];
    let route = '';
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
      const text = typeof config === 'string' ? config : config?.text;
      if (text)
        recorded.push({
          route,
          text,
          values: Array.isArray(values) ? values : ((config as { values?: unknown[] }).values ?? []),
        });
      return original.apply(this, args);
    };
    try {
      for (const [name, send] of requests) {
        route = name;
        expect([name, await send()]).toEqual([name, 200]);
        // Work a route finishes after its reply (the partner call log, the client's last use) is still its own.
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      proto.query = original;
    }
    return recorded;
  }

  async function plan(text: string, values: unknown[]): Promise<PlanNode> {
    const result = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) ${text}`,
      values,
    );
    return result.rows[0]['QUERY PLAN'][0].Plan;
  }

  it('reads no large table by sequential scan on any hot route', async () => {
    const get = (path: string, headers: Record<string, string>) => async () =>
      (await app.request(path, { headers })).status;
    const lastPage = Math.ceil(measured.events / perPage);
    // A session of its own, checked first during the recording: a session already checked may be answered from a
    // cache without a statement.
    const fresh = bearer((await login(app, adminEmail, adminPassword)).access);
    const recorded = await recordStatements([
      ['GET /api/profile', get('/profile', fresh)],
      [
        'POST /api/loans/calculate',
        async () =>
          (
            await app.request('/loans/calculate', {
              method: 'POST',
              headers: auth,
              json: { amount: 10000, rate: 5.5, term_months: 36 },
            })
          ).status,
      ],
      ['GET /api/credit/history?page=1', get(`/credit/history?page=1&per_page=${perPage}`, auth)],
      [`GET /api/credit/history?page=${lastPage}`, get(`/credit/history?page=${lastPage}&per_page=${perPage}`, auth)],
      ['GET /api/loans', get('/loans', auth)],
      ['GET /api/partner/users/:handleId', get(`/partner/users/${handle}`, partner)],
    ]);

    const heard = new Set(recorded.map((r) => r.route));
    expect(heard.size).toBe(6); // every route sent statements while it ran
    const seen = new Map<string, Recorded>();
    for (const r of recorded) {
      const key = `${r.text}\n${JSON.stringify(r.values)}`;
      if (DML.test(r.text) && !seen.has(key)) seen.set(key, r);
    }
    const relations = new Set<string>();
    const failures: string[] = [];
    for (const { route, text, values } of seen.values()) {
      const found = walk(await plan(text, values));
      found.relations.forEach((r) => relations.add(r));
      for (const table of found.seqScans)
        failures.push(`Seq Scan on ${table} while ${route} ran, in\n${text.trim()}\nwith ${JSON.stringify(values)}`);
    }
    expect(failures).toEqual([]);
    // The recording saw the reads that matter: a test that explained nothing could not fail. (Reads a cache may
    // answer, such as the session check and the profile's, are explained when they reach the database.)
    expect([...relations].filter((r) => LARGE.has(r)).sort()).toEqual(
      expect.arrayContaining([
        'credit_events',
        'endorsements',
        'loan_installments',
        'loans',
        'reputation_ratings',
        'reputation_transactions',
        'users',
      ]),
    );
  });

  it('finds a sequential scan when a statement has no index to use', async () => {
    const found = walk(await plan('SELECT count(*) FROM credit_events WHERE description = $1', ['Seeded event 7']));
    expect([...found.seqScans]).toEqual(['credit_events']);
  });
});

async function onServer(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}
