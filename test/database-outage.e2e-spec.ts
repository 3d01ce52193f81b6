import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migratedSnapshot } from './support/migrated-snapshot.js';
import { startTestApp, type TestApp } from './support/app.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** The database (the real server when DATABASE_URL is set, else an embedded one) behind a proxy a test can cut. */
async function databaseBehindProxy(): Promise<{ embedded: EmbeddedPostgres | null; proxy: TcpProxy; url: string }> {
  let embedded: EmbeddedPostgres | null = null;
  let target = process.env.DATABASE_URL;
  if (!target) {
    embedded = await startEmbeddedPostgres(null, 20, await migratedSnapshot());
    target = embedded.url;
  }
  const url = new URL(target);
  const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
  await proxy.start();
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return { embedded, proxy, url: url.toString() };
}

/**
 * The database goes away behind a proxy (the real server when DATABASE_URL is set, else an embedded one)
 * and comes back; the app must notice within 3 s and recover without a restart.
 */
describe('database outage', () => {
  let embedded: EmbeddedPostgres | null = null;
  let proxy: TcpProxy;
  let app: TestApp;

  beforeAll(async () => {
    let url: string;
    ({ embedded, proxy, url } = await databaseBehindProxy());
    app = await startTestApp({ DATABASE_URL: url });
  });

  afterAll(async () => {
    proxy.up();
    await app.stop();
    await proxy.stop();
    await embedded?.stop();
  });

  async function timed(path: string) {
    const started = Date.now();
    const res = await app.request(path);
    return { res, ms: Date.now() - started };
  }

  it('reports 503 within 3 s while the database is down, keeps liveness 200, and recovers', async () => {
    expect((await app.request('/health/ready')).status).toBe(200);

    proxy.down();
    const health = await timed('/health');
    expect(health.ms).toBeLessThan(3000);
    expect(health.res.status).toBe(503);
    expect(health.res.body).toMatchObject({ success: false, status: 'unhealthy', services: { database: 'down' } });

    const auth = await timed('/v1/auth/health/');
    expect(auth.res.status).toBe(503);
    expect(auth.res.body.status).toBe('unhealthy');

    const ready = await timed('/health/ready');
    expect(ready.ms).toBeLessThan(3000);
    expect(ready.res.status).toBe(503);
    expect(ready.res.body).toMatchObject({ success: false, error: 'Service Unavailable' });

    const live = await timed('/health/live');
    expect(live.res.status).toBe(200);

    proxy.up();
    let recovered = 0;
    for (let i = 0; i < 20 && recovered !== 200; i++) {
      recovered = (await app.request('/health/ready')).status;
      if (recovered !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBe(200);
    expect((await app.request('/health')).status).toBe(200);
  });
});

/**
 * A pod started while the database is away (a restart of both at once, a failover) must not crash-loop through
 * the outage: it listens, `live` answers 200, `ready` 503, routes that need the database 503, and it becomes
 * ready by itself once the database answers. Migrations are a separate job then (MIGRATIONS_RUN_AT_BOOT=false),
 * as the shipped Kubernetes manifests run them.
 */
describe('boot during a database outage', () => {
  let embedded: EmbeddedPostgres | null = null;
  let proxy: TcpProxy;
  let app: TestApp | undefined;

  let databaseUrl: string;

  beforeAll(async () => {
    ({ embedded, proxy, url: databaseUrl } = await databaseBehindProxy());
    proxy.down();
  });

  afterAll(async () => {
    proxy.up();
    await app?.stop();
    await proxy.stop();
    await embedded?.stop();
  });

  it('serves live and a 503 ready while the database is down, then becomes ready on its own', async () => {
    const adminEmail = `boot-admin-${Date.now()}@blockscore.example.com`;
    const adminPassword = 'Boot-Admin-Passw0rd!';

    const booting = Date.now();
    app = await startTestApp({
      DATABASE_URL: databaseUrl,
      MIGRATIONS_RUN_AT_BOOT: 'false',
      // Its logins must not meet another suite's login limit in a shared Redis (CI's second pass).
      RATE_LIMIT_ENABLED: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
    // It listens at once rather than after retries (it used to give up, and exit, after about 3 s).
    expect(Date.now() - booting).toBeLessThan(3000);

    // Past the point where the old boot gave up: still serving, still waiting.
    await new Promise((r) => setTimeout(r, 3500));
    const live = await app.request('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ success: false, code: 'HEALTH.NOT_READY' });

    // A route that needs the database says it is unavailable, in the envelope, and nothing leaks.
    const login = await app.request('/auth/login', {
      method: 'POST',
      json: { email: adminEmail, password: adminPassword },
    });
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ success: false, code: 'SERVICE.DATABASE_UNAVAILABLE' });
    expect(login.text).not.toMatch(/metadata|Driver|stack|typeorm/i);

    proxy.up();
    let readyStatus = 0;
    const deadline = Date.now() + 10_000;
    while (readyStatus !== 200 && Date.now() < deadline) {
      readyStatus = (await app.request('/health/ready')).status;
      if (readyStatus !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(readyStatus).toBe(200);

    // Work the boot could not do then is done now: ADMIN_EMAIL exists and logs in.
    let admin = await app.request('/auth/login', {
      method: 'POST',
      json: { email: adminEmail, password: adminPassword },
    });
    for (let i = 0; i < 20 && admin.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      admin = await app.request('/auth/login', {
        method: 'POST',
        json: { email: adminEmail, password: adminPassword },
      });
    }
    expect(admin.status).toBe(200);
    const audit = await app.request('/admin/audit', {
      headers: { authorization: `Bearer ${admin.body.tokens.access_token as string}` },
    });
    expect(audit.status).toBe(200);
  });
});
