import { randomBytes } from 'node:crypto';
import { request, scrapeMetrics, startTestApp, type TestApp, type TestResponse } from './support/app.js';

/**
 * Issue 15, part 2: metrics are private. The API port answers 404 for /api/metrics; Prometheus text is served on
 * a listener of its own (METRICS_PORT, app.metricsUrl), behind a bearer token when METRICS_TOKEN is set, with
 * the metric names the API port served before the move.
 */

/** Every metric /api/metrics served before issue 15 (captured from that build), with its type. */
const NAMES_BEFORE: Record<string, string> = {
  process_cpu_user_seconds_total: 'counter',
  process_cpu_system_seconds_total: 'counter',
  process_cpu_seconds_total: 'counter',
  process_start_time_seconds: 'gauge',
  process_resident_memory_bytes: 'gauge',
  process_virtual_memory_bytes: 'gauge',
  process_heap_bytes: 'gauge',
  process_open_fds: 'gauge',
  process_max_fds: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_eventloop_lag_min_seconds: 'gauge',
  nodejs_eventloop_lag_max_seconds: 'gauge',
  nodejs_eventloop_lag_mean_seconds: 'gauge',
  nodejs_eventloop_lag_stddev_seconds: 'gauge',
  nodejs_eventloop_lag_p50_seconds: 'gauge',
  nodejs_eventloop_lag_p90_seconds: 'gauge',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  nodejs_active_resources: 'gauge',
  nodejs_active_resources_total: 'gauge',
  nodejs_active_handles: 'gauge',
  nodejs_active_handles_total: 'gauge',
  nodejs_active_requests: 'gauge',
  nodejs_active_requests_total: 'gauge',
  nodejs_heap_size_total_bytes: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_external_memory_bytes: 'gauge',
  nodejs_heap_space_size_total_bytes: 'gauge',
  nodejs_heap_space_size_used_bytes: 'gauge',
  nodejs_heap_space_size_available_bytes: 'gauge',
  nodejs_version_info: 'gauge',
  nodejs_gc_duration_seconds: 'histogram',
  http_requests_total: 'counter',
  http_request_duration_seconds: 'histogram',
  db_pool_connections: 'gauge',
  session_cache_lookups_total: 'counter',
  rate_limit_store_fallback_total: 'counter',
  outbox_messages_total: 'counter',
  outbox_pending_messages: 'gauge',
  outbox_oldest_pending_seconds: 'gauge',
  blockchain_circuit_open: 'gauge',
};

/** `# TYPE` lines of a Prometheus text body: name → type. */
const typesOf = (text: string) =>
  Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));

/** The sum of http_requests_total over every label set: what the API has counted so far. */
const apiRequests = (text: string) =>
  [...text.matchAll(/^http_requests_total\{[^}]*\} (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);

function expectNotFoundEnvelope(res: TestResponse) {
  expect(res.status).toBe(404);
  expect(res.body).toMatchObject({ success: false, error: 'Not Found', message: expect.any(String) });
  expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
}

describe('metrics listener (METRICS_PORT)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('refuses /api/metrics on the API port with 404 in the envelope', async () => {
    expectNotFoundEnvelope(await app.request('/metrics'));
  });

  it('serves the same metric names as the API port did, on a port of its own', async () => {
    await app.request('/health');
    const url = new URL(app.metricsUrl);
    expect(url.pathname).toBe('/metrics');
    expect(Number(url.port)).not.toBe(app.port);
    const res = await scrapeMetrics(app);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const served = typesOf(res.text);
    const missing = Object.entries(NAMES_BEFORE).filter(([name, type]) => served[name] !== type);
    expect(missing).toEqual([]);
    expect(res.text).toMatch(/^http_requests_total\{method="GET",route="\/api\/health",status="200"\} [1-9]/m);
  });

  it('does not count its scrapes as API requests', async () => {
    const first = (await scrapeMetrics(app)).text;
    const second = (await scrapeMetrics(app)).text;
    expect(apiRequests(second)).toBe(apiRequests(first));
    expect(second).not.toMatch(/route="[^"]*metrics[^"]*"/);
  });

  it('answers nothing but the metrics path', async () => {
    const base = new URL(app.metricsUrl).origin;
    for (const path of ['/', '/api/metrics', '/api/health', '/metrics/extra'])
      expect({ path, status: (await request(base, path)).status }).toEqual({ path, status: 404 });
    const post = await request(app.metricsUrl, '', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('metrics listener with METRICS_TOKEN', () => {
  const token = randomBytes(32).toString('base64url');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => app?.stop());

  it('refuses a scrape without the bearer token, or with a wrong one', async () => {
    for (const authorization of [undefined, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, `Basic ${token}`, token]) {
      const res = await scrapeMetrics(app, { headers: authorization ? { authorization } : {} });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.text).not.toContain('http_requests_total');
    }
  });

  it('serves the same metric names with the token; the API port still answers 404 with it', async () => {
    const res = await scrapeMetrics(app, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const served = typesOf(res.text);
    expect(Object.entries(NAMES_BEFORE).filter(([name, type]) => served[name] !== type)).toEqual([]);
    expectNotFoundEnvelope(await app.request('/metrics', { headers: { authorization: `Bearer ${token}` } }));
  });

  it('stops with the app', async () => {
    expect((await scrapeMetrics(app, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await app.stop();
    await expect(fetch(app.metricsUrl, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
