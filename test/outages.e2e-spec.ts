import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migratedSnapshot } from './support/migrated-snapshot.js';
import { request, scrapeMetrics, startTestApp, unique, type TestApp, type TestResponse } from './support/app.js';
import { MailCapture } from './support/mail-capture.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { redisAnswers } from './support/redis-probe.js';

/**
 * Dependencies failing while the service is in use (issue 6, outages):
 * - PostgreSQL cut under steady load: readiness 503 within 3 s, liveness 200, every request answered within
 *   1 s (503 in the envelope, never a 500 or a hang), recovery without a restart;
 * - Redis cut, then hung: ordinary routes go on unlimited (fail open), credential / code-sending / challenge
 *   routes keep a per-instance limit, nothing waits on Redis for more than its command timeout, and
 *   `rate_limit_store_fallback_total` counts every such decision; readiness stays 200 throughout (issue 15:
 *   Redis is shared, so it never gates readiness) while /api/health says `redis: down`;
 * - SIGTERM to the built server (a real process) under load: every accepted request gets a whole answer, and
 *   the process exits 0 within SHUTDOWN_TIMEOUT_MS.
 * The RPC node going away is covered in credit-chain.e2e-spec.ts ("still scores, from platform signals, when
 * the node is down"). Each dependency is taken away through a TcpProxy, never by stopping a shared server.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bounds: every request answers within 1 s during an outage; readiness turns 503 within 3 s. */
const ANSWER_WITHIN_MS = 1000;
const READY_503_WITHIN_MS = 3000;

interface Sample {
  route: string;
  started: number;
  ended: number;
  status: number;
  body: unknown;
  /** Set when no HTTP response came back at all. */
  error?: string;
}

const ms = (s: Sample) => s.ended - s.started;

function isServiceUnavailableEnvelope(body: unknown): boolean {
  const b = body as Record<string, unknown> | undefined;
  return (
    !!b &&
    b.success === false &&
    b.error === 'Service Unavailable' &&
    typeof b.message === 'string' &&
    typeof b.request_id === 'string'
  );
}

/** A request through fetch with a hard client-side deadline, so a hang shows up as a failure, not a stall. */
async function timedRequest(app: TestApp, route: string, init: RequestInit & { json?: unknown } = {}) {
  const started = performance.now();
  try {
    const res = await app.request(route, { ...init, signal: AbortSignal.timeout(10_000) });
    return { route, started, ended: performance.now(), status: res.status, body: res.body, res };
  } catch (err) {
    return { route, started, ended: performance.now(), status: 0, body: undefined, error: String(err), res: null };
  }
}

/** Prometheus text → value of one sample (labels in any order), 0 when absent. */
function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
  }
  return total;
}

async function scrape(app: TestApp): Promise<string> {
  return (await scrapeMetrics(app)).text;
}

let embedded: EmbeddedPostgres | null = null;
/** The database every part uses: the real one when DATABASE_URL is set, else an embedded one served here. */
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = process.env.DATABASE_URL ?? '';
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(null, 60, await migratedSnapshot());
    databaseUrl = embedded.url;
  }
});

afterAll(async () => {
  await embedded?.stop();
});

function proxied(target: string, proxy: TcpProxy): string {
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

type Send = TestApp['request'];

/** A verified-enough account (the apps here run with AUTH_REQUIRE_VERIFICATION=false) and its access token. */
async function registerAndLogin(send: Send, headers: Record<string, string> = {}) {
  const email = `${unique('out')}@example.com`;
  const password = 'SecurePass123!';
  const reg = await send('/auth/register', { method: 'POST', headers, json: { email, password } });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${reg.text}`);
  const res = await send('/auth/login', { method: 'POST', headers, json: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { email, password, id: reg.body.user.id as string, access: res.body.tokens.access_token as string };
}

describe('PostgreSQL stopped under load', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    const target = new URL(databaseUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    // Limits off: the load comes from one user on one IP and would otherwise meet 429s; this part is about
    // the database (the limiter's own outage is the Redis part below).
    app = await startTestApp({
      DATABASE_URL: proxied(databaseUrl, proxy),
      RATE_LIMIT_ENABLED: 'false',
      AUTH_REQUIRE_VERIFICATION: 'false',
    });
    token = (await registerAndLogin((p, i) => app.request(p, i))).access;
  });

  afterAll(async () => {
    proxy.up();
    await app?.stop();
    await proxy.stop();
  });

  it('answers 503 within 1 s while the database is down (readiness too, liveness stays 200), then recovers without a restart', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const routes: [string, RequestInit & { json?: unknown }][] = [
      ['/profile', { headers: auth }],
      ['/loans/calculate', { method: 'POST', headers: auth, json: { amount: 10000, rate: 5.5, term_months: 36 } }],
      ['/health/ready', {}],
      ['/health/live', {}],
      ['/v1/auth/me/', { headers: auth }],
      // A partner call with a client id nobody holds: 401 while the id can be checked, 503 (not let through)
      // while it cannot.
      ['/partner/users/00000000000', { headers: { authorization: `client credo_${'x'.repeat(43)}` } }],
    ];
    /** What each route answers while the database is up. */
    const healthy = (s: Sample) => s.status === (s.route.startsWith('/partner/') ? 401 : 200);
    const samples: Sample[] = [];
    let running = true;
    // Five clients, each looping over the routes with a short pause: steady, modest load.
    const clients = Array.from({ length: 5 }, async (_, c) => {
      for (let i = c; running; i++) {
        const [route, init] = routes[i % routes.length];
        const { res: _res, ...sample } = await timedRequest(app, route, init);
        samples.push(sample);
        await sleep(5);
      }
    });

    await sleep(1500);
    const cutAt = performance.now();
    proxy.down();
    await sleep(3500);
    const restoredAt = performance.now();
    proxy.up();
    let recoveredAt = 0;
    await waitFor('readiness back to 200', async () => {
      const ready = await timedRequest(app, '/health/ready');
      if (ready.status === 200) recoveredAt = ready.ended;
      return ready.status === 200;
    });
    await sleep(1500);
    running = false;
    await Promise.all(clients);

    // No request was dropped, none hung, none failed with a 500: each got 200 or the 503 envelope.
    expect(samples.filter((s) => s.error)).toEqual([]);
    const unexpected = samples.filter(
      (s) => !(healthy(s) || (s.status === 503 && isServiceUnavailableEnvelope(s.body))),
    );
    expect(unexpected).toEqual([]);
    // No hang while the database is away: whatever was sent at least a second before it came back was
    // answered within that second. (Before the cut and after the return, latency is whatever the machine gives.)
    const slow = samples.filter((s) => s.started > cutAt && s.started < restoredAt - ANSWER_WITHIN_MS);
    expect(slow.filter((s) => ms(s) >= ANSWER_WITHIN_MS).map((s) => ({ route: s.route, ms: ms(s) }))).toEqual([]);

    const before = samples.filter((s) => s.ended < cutAt);
    expect(before.length).toBeGreaterThan(20);
    expect(before.filter((s) => !healthy(s))).toEqual([]);

    // Everything sent while the database was away (and answered before it came back) is a 503 — except
    // liveness, which never looks at the database.
    const during = samples.filter((s) => s.started > cutAt && s.ended < restoredAt);
    expect(during.length).toBeGreaterThan(20);
    for (const s of during) {
      if (s.route === '/health/live') expect(s.status).toBe(200);
      else expect({ route: s.route, status: s.status }).toEqual({ route: s.route, status: 503 });
    }
    expect(during.filter((s) => s.route === '/health/live').length).toBeGreaterThan(0);
    const readyDown = during.filter((s) => s.route === '/health/ready');
    expect(readyDown.length).toBeGreaterThan(0);
    expect(readyDown[0].ended - cutAt).toBeLessThan(READY_503_WITHIN_MS);
    expect(readyDown[0].body).toMatchObject({ code: 'HEALTH.NOT_READY' });

    // Back without a restart: once readiness says so, every route answers 200 again.
    expect(recoveredAt - restoredAt).toBeLessThan(READY_503_WITHIN_MS);
    const after = samples.filter((s) => s.started > recoveredAt);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((s) => !healthy(s)).map((s) => ({ route: s.route, status: s.status }))).toEqual([]);
  });

  it("exposes on the metrics listener every metric the README's Operating section tells operators to watch", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const operating = readme.slice(
      readme.indexOf('## Operating'),
      readme.indexOf('\n## ', readme.indexOf('## Operating') + 1),
    );
    const named = [...operating.matchAll(/`([a-z][a-z0-9_]+)(?:\{[a-z,]*\})?`/g)]
      .map((m) => m[1])
      .filter((n) => /_(total|seconds|bytes|connections|open)$/.test(n));
    expect(named.length).toBeGreaterThanOrEqual(8);
    const metrics = await scrape(app);
    for (const name of named)
      expect({ name, exposed: metrics.includes(`# TYPE ${name} `) }).toEqual({ name, exposed: true });
    // The pool gauge reads the live pool.
    expect(metricValue(metrics, 'db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(metricValue(metrics, 'db_pool_connections', { state: 'waiting' })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Redis for this suite: the host of REDIS_URL (else 127.0.0.1:6379), and a database number of its own. */
const REDIS_DB = 13;
const redisTarget = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

const haveRedis = await redisAnswers(redisTarget.toString());
if (!haveRedis) {
  console.warn(
    `outages: no Redis answers at ${redisTarget.host}; the Redis outage cases are SKIPPED (start redis-server or set REDIS_URL)`,
  );
}

(haveRedis ? describe : describe.skip)('Redis stopped', () => {
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let proxy: TcpProxy;
  let direct: Redis;
  let app: TestApp;
  let user: Awaited<ReturnType<typeof registerAndLogin>>;
  let adminToken: string;
  /** A fresh client address per use: limits are per IP, and this run must not share counters with another. */
  const ipBase = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  let ipCounter = 0;
  const freshIp = () => ({ 'x-forwarded-for': `${ipBase}.${++ipCounter}` });

  beforeAll(async () => {
    await mail.start();
    proxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
    await proxy.start();
    direct = new Redis({ host: redisTarget.hostname, port: Number(redisTarget.port || 6379), db: REDIS_DB });
    app = await startTestApp({
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}/${REDIS_DB}`,
      TRUST_PROXY: 'true',
      AUTH_REQUIRE_VERIFICATION: 'false',
      SMTP_URL: mail.url,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
    user = await registerAndLogin((p, i) => app.request(p, i), freshIp());
    const admin = await app.request('/auth/login', {
      method: 'POST',
      headers: freshIp(),
      json: { email: adminEmail, password: adminPassword },
    });
    expect(admin.status).toBe(200);
    adminToken = admin.body.tokens.access_token;
  });

  /** A new partner client each time, so its limits start from zero. */
  async function newPartner(): Promise<string> {
    const partner = await app.request('/admin/partners', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
      json: { name: unique('Outage Partner '), contact: 'ops@partner.example' },
    });
    expect(partner.status).toBe(201);
    return partner.body.data.client_id as string;
  }

  afterAll(async () => {
    proxy.up();
    await app?.stop();
    await proxy.stop();
    direct?.disconnect();
    await mail.stop();
  });

  const bearer = () => ({ authorization: `Bearer ${user.access}` });
  /** Readiness never looks at Redis (issue 15): /api/health is where its state shows. */
  const redisUp = async () => (await app.request('/health')).body?.services?.redis === 'up';

  /**
   * While Redis is unreachable: ordinary routes answer without a limit; every credential, code-sending and
   * challenge route still refuses the request over its limit (each instance counting on its own). Returns
   * the samples, and how many requests were counted per instance (route limits) and as partner quota.
   */
  async function exerciseWithoutRedis() {
    const samples: (Sample & { res: TestResponse | null })[] = [];
    const send = async (route: string, init: RequestInit & { json?: unknown } = {}) => {
      const s = await timedRequest(app, route, init);
      samples.push(s);
      return s;
    };

    // Ordinary routes: over their limit (profile: 100/h) and still 200, with no limit headers (nothing counted).
    // One at a time: the point is what each request waits for, not how much an overloaded machine can take.
    const profile: typeof samples = [];
    for (let i = 0; i < 110; i++) profile.push(await send('/profile', { headers: bearer() }));
    expect(profile.map((s) => s.status).filter((s) => s !== 200)).toEqual([]);
    expect(profile.every((s) => s.res?.headers.get('x-ratelimit-limit') === null)).toBe(true);
    const calc = await send('/loans/calculate', { method: 'POST', headers: bearer(), json: { amount: 5000 } });
    expect(calc.status).toBe(200);

    let perInstance = 0;
    // Sensitive routes: the limit still holds; request limit+1 from one address is refused with 429.
    const overLimit = async (route: string, limit: number, init: () => RequestInit & { json?: unknown }) => {
      const headers = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i <= limit; i++) {
        const base = init();
        const s = await send(route, { ...base, headers: { ...headers, ...(base.headers as object) } });
        statuses.push(s.status);
        perInstance++;
      }
      expect(statuses.slice(0, limit).filter((s) => s === 429)).toEqual([]);
      const last = samples[samples.length - 1];
      expect({ route, status: last.status, code: (last.body as { code?: string })?.code }).toEqual({
        route,
        status: 429,
        code: 'RATE_LIMIT.EXCEEDED',
      });
      expect(last.res?.headers.get('retry-after')).toMatch(/^\d+$/);
    };
    const someone = () => ({ identifier: `${unique('nobody')}@example.com` });
    await overLimit('/auth/login', 5, () => ({
      method: 'POST',
      json: { email: user.email, password: user.password },
    }));
    await overLimit('/v1/auth/login/basic/', 5, () => ({
      method: 'POST',
      json: { identifier: `${unique('nobody')}@example.com`, password: 'Wrong-pass-123' },
    }));
    await overLimit('/v1/auth/signup/', 5, () => ({
      method: 'POST',
      json: { identifier: `${unique('signup')}@example.com`, password: 'MySecretPassword123' },
    }));
    await overLimit('/v1/auth/signup/otp/resend/', 5, () => ({ method: 'POST', json: someone() }));
    await overLimit('/v1/auth/login/passwordless/', 5, () => ({ method: 'POST', json: someone() }));
    await overLimit('/v1/auth/password/reset/', 5, () => ({ method: 'POST', json: someone() }));
    // Partner challenges: limits count per partner client, whatever address it calls from.
    const partner = { authorization: `client ${await newPartner()}` };
    await overLimit('/partner/auth/00000000000', 60, () => ({ method: 'POST', headers: partner }));
    await overLimit(`/partner/auth/chl_${unique('nope')}`, 120, () => ({
      method: 'PATCH',
      headers: partner,
      json: { response: '123456' },
    }));
    // Requests that passed the route limit reached the partner's own quota, which Redis could not count either.
    const partnerQuota = 60 + 120;

    // Nothing waited on Redis: every request answered within the bound, none with a 5xx.
    expect(samples.filter((s) => s.error || s.status >= 500).map((s) => [s.route, s.status, s.error])).toEqual([]);
    expect(samples.filter((s) => ms(s) >= ANSWER_WITHIN_MS).map((s) => ({ route: s.route, ms: ms(s) }))).toEqual([]);
    return { samples, perInstance, partnerQuota, open: profile.length + 1 };
  }

  it('counts limits in Redis while it is up', async () => {
    const res = await app.request('/profile', { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(await direct.exists(`rl:GET:/api/profile|user:${user.id}`)).toBe(1);
    expect((await app.request('/health/ready')).status).toBe(200);
  });

  it('connection refused: ordinary routes fail open, sensitive ones keep a per-instance limit, a metric counts both', async () => {
    const before = await scrape(app);
    proxy.down();
    // Issue 15, on purpose: readiness stays 200 (Redis is shared; gating on it empties the Service).
    const ready = await timedRequest(app, '/health/ready');
    expect(ms(ready)).toBeLessThan(ANSWER_WITHIN_MS);
    expect(ready.status).toBe(200);
    expect((await app.request('/health/live')).status).toBe(200);
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(health.body.services.redis).toBe('down');
    expect(health.body.status).toBe('degraded');

    const { perInstance, partnerQuota, open } = await exerciseWithoutRedis();

    const after = await scrape(app);
    const delta = (labels: Record<string, string>) =>
      metricValue(after, 'rate_limit_store_fallback_total', labels) -
      metricValue(before, 'rate_limit_store_fallback_total', labels);
    expect(delta({ scope: 'route', mode: 'per-instance' })).toBe(perInstance);
    expect(delta({ scope: 'partner_quota', mode: 'per-instance' })).toBe(partnerQuota);
    // Open: the profile and calculate calls, plus the health and metrics requests made here.
    expect(delta({ scope: 'route', mode: 'open' })).toBeGreaterThanOrEqual(open);
    expect(after).toContain('# TYPE rate_limit_store_fallback_total counter');
  });

  it('hung (connections open, nothing answers): requests still answer within 1 s, limits as above', async () => {
    proxy.up();
    await waitFor('Redis reconnected', redisUp);
    // Warm the connection so the freeze catches it open, the worst case: commands sent and never answered.
    expect((await app.request('/profile', { headers: bearer() })).headers.get('x-ratelimit-limit')).toBe('100');
    proxy.freeze();
    const ready = await timedRequest(app, '/health/ready');
    expect(ms(ready)).toBeLessThan(ANSWER_WITHIN_MS);
    expect(ready.status).toBe(200);
    await exerciseWithoutRedis();
  });

  it('recovers by itself once Redis is back: limits are shared again', async () => {
    proxy.up();
    await waitFor('Redis reconnected', redisUp);
    const ip = freshIp();
    const res = await app.request('/v1/auth/password/reset/', {
      method: 'POST',
      headers: ip,
      json: { identifier: `${unique('nobody')}@example.com` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(await direct.exists(`rl:POST:/api/v1/auth/password/reset|ip:${ip['x-forwarded-for']}`)).toBe(1);
    const profile = await app.request('/profile', { headers: bearer() });
    expect(profile.status).toBe(200);
    expect(profile.headers.get('x-ratelimit-limit')).toBe('100');
  });

  it('a short hang: the connection that replaces the hung one stays up (the hung socket timer does not fire on it)', async () => {
    // ioredis 5 left the hung stream's socketTimeout timer armed across the reconnect; a second after the hang
    // it destroyed the new, healthy connection, and the requests of that moment went through uncounted.
    const key = `rl:GET:/api/profile|user:${user.id}`;
    const countedBefore = Number(await direct.get(key));
    proxy.freeze();
    const hungAt = Date.now();
    expect((await app.request('/profile', { headers: bearer() })).headers.get('x-ratelimit-limit')).toBeNull();
    proxy.up();
    await waitFor('Redis reconnected', redisUp);
    const uncounted: number[] = [];
    let counted = 0;
    while (Date.now() < hungAt + 2500) {
      const res = await app.request('/profile', { headers: bearer() });
      expect(res.status).toBe(200);
      if (res.headers.get('x-ratelimit-limit') === '100') counted++;
      else uncounted.push(Date.now() - hungAt);
      await sleep(25);
    }
    expect(uncounted).toEqual([]);
    // Redis holds exactly the counted requests: the one sent into the hang is not replayed after the reconnect.
    expect(Number(await direct.get(key))).toBe(countedBefore + counted);
  });

  it('Redis cut under a running instance: readiness stays 200 throughout, /api/health says redis: down, requests go on (issue 15)', async () => {
    proxy.up();
    await waitFor('Redis reconnected', redisUp);
    proxy.down();
    const cutAt = performance.now();
    const seen: { at: number; ready: number; health: number; redis: unknown; status: unknown; profile: number }[] = [];
    // Longer than readiness used to take to turn 503 once Redis went (READY_503_WITHIN_MS).
    while (performance.now() - cutAt < READY_503_WITHIN_MS + 1000) {
      const [ready, health, profile] = await Promise.all([
        timedRequest(app, '/health/ready'),
        app.request('/health'),
        app.request('/profile', { headers: bearer() }),
      ]);
      seen.push({
        at: Math.round(ready.started - cutAt),
        ready: ready.status,
        health: health.status,
        redis: health.body?.services?.redis,
        status: health.body?.status,
        profile: profile.status,
      });
      await sleep(100);
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => s.ready !== 200 || s.health !== 200 || s.profile !== 200)).toEqual([]);
    // The client sees its connection gone within moments; from then on /api/health says so.
    const settled = seen.filter((s) => s.at > 1000);
    expect(settled.length).toBeGreaterThan(5);
    expect(settled.filter((s) => s.redis !== 'down' || s.status !== 'degraded')).toEqual([]);
    proxy.up();
    await waitFor('Redis reconnected', redisUp);
  });
});

// ---------------------------------------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const address = srv.address();
  srv.close();
  return typeof address === 'object' && address ? address.port : 0;
}

interface RawResult {
  route: string;
  /** Sent before or after the SIGTERM. */
  afterSignal: boolean;
  status: number;
  body: string;
  complete: boolean;
  error?: string;
  sentAt?: number;
  endedAt?: number;
}

/** One socket per request (no pooling), so a reset or a refused connection is seen as exactly that. */
function rawRequest(
  base: URL,
  route: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown },
  afterSignal: () => boolean,
): Promise<RawResult> {
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  const sentAfterSignal = afterSignal();
  const sentAt = performance.now();
  return new Promise<RawResult>((resolve0) => {
    const resolve = (r: RawResult) => resolve0({ ...r, sentAt, endedAt: performance.now() });
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path: `/api${route}`,
        method: init.method ?? 'GET',
        agent: false,
        headers: {
          ...init.headers,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let complete = res.complete;
          try {
            JSON.parse(text);
          } catch {
            complete = false;
          }
          resolve({ route, afterSignal: sentAfterSignal, status: res.statusCode ?? 0, body: text, complete });
        });
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({
            route,
            afterSignal: sentAfterSignal,
            status: res.statusCode ?? 0,
            body: text,
            complete: false,
            error: err.code ?? err.message,
          }),
        );
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error('client timeout')));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({
        route,
        afterSignal: sentAfterSignal,
        status: 0,
        body: '',
        complete: false,
        error: err.code ?? err.message,
      }),
    );
    req.end(body);
  });
}

describe('SIGTERM under load (the built server as a real process)', () => {
  const SHUTDOWN_TIMEOUT_MS = 8000;
  let child: ChildProcess | null = null;
  let dataDir: string;
  let stderr = '';

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blockscore-sigterm-'));
  }, 300_000);

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request it accepted, refuses the rest cleanly, and exits 0 in time', async () => {
    const port = await freePort();
    const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
    child = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: '0',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_ENABLED: 'false',
        AUTH_REQUIRE_VERIFICATION: 'false',
        // The burst below is 24+ logins to one account at once; the lockout's in-flight allowance is not
        // what this case is about.
        AUTH_LOCKOUT_THRESHOLD: '100',
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const base = new URL(`http://127.0.0.1:${port}`);
    await waitFor(
      'the server to listen',
      async () => {
        try {
          return (await fetch(`${base.origin}/api/health/live`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
    const { access, email, password } = await registerAndLogin((path, init) =>
      request(`${base.origin}/api`, path, init),
    );

    let signalled = false;
    const afterSignal = () => signalled;
    const auth = { authorization: `Bearer ${access}` };
    const mix: [string, { method?: string; headers?: Record<string, string>; json?: unknown }][] = [
      ['/profile', { headers: auth }],
      ['/loans/calculate', { method: 'POST', headers: auth, json: { amount: 10000, rate: 5.5, term_months: 36 } }],
      ['/auth/login', { method: 'POST', json: { email, password } }],
      ['/health/ready', {}],
    ];
    const results: RawResult[] = [];
    let running = true;
    let exitedAt = 0;
    void exited.then(() => (exitedAt = performance.now()));
    // Twelve clients in a loop until the process is gone: many requests in flight when the signal lands.
    const clients = Array.from({ length: 12 }, async (_, c) => {
      for (let i = c; running && !exitedAt; i++) {
        const [route, init] = mix[i % mix.length];
        results.push(await rawRequest(base, route, init, afterSignal));
      }
    });
    await sleep(1500);
    // A burst of slow requests (argon2 logins) right at the signal, so some are surely mid-handler.
    const burst = Array.from({ length: 24 }, () =>
      rawRequest(base, '/auth/login', { method: 'POST', json: { email, password } }, afterSignal),
    );
    await sleep(50);
    const signalledAt = performance.now();
    signalled = true;
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    const exitMs = performance.now() - signalledAt;
    running = false;
    results.push(...(await Promise.all(burst)));
    await Promise.all(clients);

    expect({ code, signal, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    const ok = (r: RawResult) => {
      if (!r.complete) return false;
      if (r.status === 503) return isServiceUnavailableEnvelope(JSON.parse(r.body));
      return r.status === 200;
    };
    const sentBefore = results.filter((r) => !r.afterSignal);
    const sentAfter = results.filter((r) => r.afterSignal);
    expect(sentBefore.length).toBeGreaterThan(50);
    // Everything sent before the signal was accepted: each has a whole 200 (or, if it had not been read yet,
    // the 503 envelope). No reset, no cut body, no 500.
    expect(sentBefore.filter((r) => !ok(r)).map((r) => [r.route, r.status, r.error, r.body.slice(0, 80)])).toEqual([]);
    expect(sentBefore.filter((r) => r.status === 200).length).toBeGreaterThan(50);
    // After the signal: a whole answer (200, or the 503 envelope while draining), or no connection once the
    // listener is closed. Closing a listening socket resets the connections the kernel had completed but the
    // process had not yet accepted (never read, so never accepted as requests): those resets may only come at
    // that instant, when the first refusals come. A reset at any other time would be a dropped request.
    // The instant is seen from this process: a reset and a refusal the kernel sent together may be read here in
    // either order, a few milliseconds apart (seen in CI: resets read 31 ms after the first refusal).
    // (In Kubernetes the preStop sleep takes the pod out of the Service before SIGTERM, so none arrive then.)
    const refused = sentAfter.filter((r) => r.error === 'ECONNREFUSED');
    expect(refused.length).toBeGreaterThan(0);
    const listenerClosedAt = Math.min(...refused.map((r) => r.endedAt!));
    const atClose = (r: RawResult) =>
      r.error === 'ECONNRESET' && r.status === 0 && Math.abs(r.endedAt! - listenerClosedAt) < 250;
    expect(
      sentAfter
        .filter((r) => !(ok(r) || r.error === 'ECONNREFUSED' || atClose(r)))
        .map((r) => [
          r.route,
          r.status,
          r.error,
          Math.round(r.endedAt! - signalledAt),
          Math.round(listenerClosedAt - signalledAt),
          r.body.slice(0, 300),
          r.complete,
        ]),
    ).toEqual([]);
    // Drained, not cut: the signal came while many requests were in flight, and they were answered.
    expect(sentAfter.filter((r) => r.status === 503).length).toBeGreaterThan(0);
  }, 120_000);
});
