import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migratedSnapshot } from './support/migrated-snapshot.js';
import { startTestApp, type TestApp } from './support/app.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * The database goes away behind a proxy (the real server when DATABASE_URL is set, else an embedded one)
 * and comes back; the app must notice within 3 s and recover without a restart.
 */
describe('database outage', () => {
  let embedded: EmbeddedPostgres | null = null;
  let proxy: TcpProxy;
  let app: TestApp;

  beforeAll(async () => {
    let target = process.env.DATABASE_URL;
    if (!target) {
      embedded = await startEmbeddedPostgres(null, 20, await migratedSnapshot());
      target = embedded.url;
    }
    const url = new URL(target);
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    await proxy.start();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    app = await startTestApp({ DATABASE_URL: url.toString() });
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
