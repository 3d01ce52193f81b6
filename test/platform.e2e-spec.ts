import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateOpenApi } from './support/openapi-validate.js';
import { scrapeMetrics, startTestApp, type TestApp, type TestResponse } from './support/app.js';

function expectEnvelope(res: TestResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ success: false, error, message: expect.any(String) });
  expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
}

describe('platform conventions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it("answers GET /api/health in seed 000's shape", async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      status: expect.stringMatching(/^(healthy|degraded)$/),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      version: expect.any(String),
      services: {
        database: 'up',
        redis: process.env.REDIS_URL ? 'up' : 'not_configured',
        blockchain: expect.stringMatching(/^(up|down)$/),
        ai_model: expect.stringMatching(/^(up|down)$/),
      },
      request_id: res.headers.get('x-request-id'),
    });
  });

  it("answers GET /api/v1/auth/health/ in seed 003's shape, with or without the trailing slash", async () => {
    for (const path of ['/v1/auth/health/', '/v1/auth/health']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'healthy',
        service: 'blockauth',
        environment: 'test',
        app_version: expect.any(String),
        components: { database: 'up' },
      });
    }
  });

  it('answers an unknown route with 404 in the envelope', async () => {
    expectEnvelope(await app.request('/no/such/route'), 404, 'Not Found');
  });

  it('answers malformed JSON with 400 in the envelope', async () => {
    const res = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expectEnvelope(res, 400, 'Bad Request');
    expect(res.body.code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('answers a 200 KB body with 413 in the envelope', async () => {
    const res = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(200 * 1024) }),
    });
    expectEnvelope(res, 413, 'Payload Too Large');
  });

  it('says a missing field is required, instead of listing every rule it breaks (issue 14, finding 7)', async () => {
    const res = await app.request('/auth/register', { method: 'POST', json: {} });
    expectEnvelope(res, 400, 'Bad Request');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'email is required' },
        { field: 'password', message: 'password is required' },
      ]),
    );
    expect(JSON.stringify(res.body.details)).not.toMatch(/shorter than|must be an email/);
    // A field that was sent but is wrong still names the rule it breaks.
    const wrong = await app.request('/auth/register', {
      method: 'POST',
      json: { email: 'not-an-email', password: 'SecurePass123!' },
    });
    expectEnvelope(wrong, 400, 'Bad Request');
    expect(wrong.body.details).toEqual([{ field: 'email', message: expect.not.stringMatching(/required/) }]);
  });

  it('puts the request id in the probe bodies too (issue 14, finding 7)', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        details: expect.any(Object),
        request_id: res.headers.get('x-request-id'),
      });
    }
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const sane = await app.request('/health/live', { headers: { 'x-request-id': 'trace-42.abc' } });
    expect(sane.headers.get('x-request-id')).toBe('trace-42.abc');
    const unsafe = await app.request('/nope', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
    expect(unsafe.body.request_id).toBe(unsafe.headers.get('x-request-id'));
  });

  it('puts the three rate-limit headers on every response, Reset in unix seconds', async () => {
    for (const res of [
      await app.request('/health'),
      await app.request('/missing'),
      await app.request('/health/live'),
    ]) {
      const limit = Number(res.headers.get('x-ratelimit-limit'));
      const remaining = Number(res.headers.get('x-ratelimit-remaining'));
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      expect(limit).toBeGreaterThan(0);
      expect(remaining).toBeGreaterThanOrEqual(0);
      expect(remaining).toBeLessThan(limit);
      const now = Date.now() / 1000;
      expect(reset).toBeGreaterThan(now);
      expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 3600);
    }
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await app.request('/health');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves a valid OpenAPI 3 document and Swagger UI', async () => {
    const doc = await app.request('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(validateOpenApi(doc.text)).toBe('valid');
    expect(doc.body.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      client: { type: 'apiKey', in: 'header', name: 'Authorization' },
    });
    const ui = await app.request('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('exposes Prometheus metrics with requests by route and status', async () => {
    await app.request('/health');
    const res = await scrapeMetrics(app);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('refuses a protected route without a token (deny by default)', async () => {
    // GET /profile carries no access decorator: it must need a token, not be public.
    const res = await app.request('/profile');
    expectEnvelope(res, 401, 'Unauthorized');
    expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
  });
});

describe('rate limiting', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A unique client address per run keeps this count apart from other suites sharing Redis.
    app = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => app.stop());

  it('answers the 101st request to a default route within the hour with 429 and Retry-After', async () => {
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const headers = { 'x-forwarded-for': ip };
    for (let i = 1; i <= 100; i++) {
      const res = await app.request('/health', { headers });
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBe(100 - i);
    }
    const res = await app.request('/health', { headers });
    expectEnvelope(res, 429, 'Rate Limit Exceeded');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Another client is unaffected.
    const other = await app.request('/health', { headers: { 'x-forwarded-for': '192.0.2.77' } });
    expect(other.status).not.toBe(429);
  });
});

describe('embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blockscore-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data written before a restart', async () => {
    const first = await startTestApp({ DATABASE_URL: undefined, DATA_DIR: dir });
    const ds = first.dataSource;
    await ds.query(`INSERT INTO app_meta (key, value) VALUES ('restart-check', 'kept')`);
    await first.stop();

    const second = await startTestApp({ DATABASE_URL: undefined, DATA_DIR: dir });
    try {
      const rows: Array<{ value: string }> = await second.dataSource.query(
        `SELECT value FROM app_meta WHERE key = 'restart-check'`,
      );
      expect(rows).toEqual([{ value: 'kept' }]);
      expect((await second.request('/health')).body.services.database).toBe('up');
    } finally {
      await second.stop();
    }
    // Two boots of a file-backed embedded database, each checking five migrations: slow on a loaded machine.
  }, 180_000);
});
