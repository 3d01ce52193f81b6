import { startTestApp, type TestApp, type TestResponse } from './support/app.js';

/**
 * Issue 14, finding 7: a method a known path does not serve answers 405 with `Allow` (RFC 9110 §15.5.6) in the
 * error envelope, not 404; an unknown path stays 404.
 */
describe('405 Method Not Allowed (issue 14, finding 7)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: 'https://app.example' });
  });
  afterAll(() => app?.stop());

  function expect405(res: TestResponse, allow: string) {
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body).toEqual({
      success: false,
      error: 'Method Not Allowed',
      code: 'REQUEST.METHOD_NOT_ALLOWED',
      message: expect.stringContaining(allow) as string,
      request_id: res.headers.get('x-request-id'),
    });
  }

  it('answers a static path asked with another method 405, listing its methods (HEAD with GET)', async () => {
    expect405(await app.request('/profile', { method: 'PUT', json: { first_name: 'x' } }), 'GET, HEAD, PATCH');
    expect405(await app.request('/profile', { method: 'DELETE' }), 'GET, HEAD, PATCH');
    expect405(await app.request('/auth/login'), 'POST');
    // The methods it serves are unchanged: HEAD where GET is, a bearer route still asks for its token.
    expect((await app.request('/health', { method: 'HEAD' })).status).toBe(200);
    expect((await app.request('/profile', { method: 'PATCH', json: {} })).status).toBe(401);
  });

  it('answers a parametric path 405 whatever its parameter, and its neighbours by their own methods', async () => {
    expect405(await app.request('/loans/la_anything', { method: 'DELETE' }), 'GET, HEAD');
    expect405(await app.request('/loans/la_anything/cancel'), 'POST');
    expect405(await app.request('/admin/partners/some-id', { method: 'GET' }), 'DELETE');
  });

  it('answers a BlockAuth path 405 with and without its trailing slash, query string or not', async () => {
    expect405(await app.request('/v1/auth/login/basic/', { method: 'DELETE' }), 'POST');
    expect405(await app.request('/v1/auth/login/basic', { method: 'DELETE' }), 'POST');
    expect405(await app.request('/v1/auth/me/', { method: 'POST', json: {} }), 'GET, HEAD');
    expect405(
      await app.request('/v1/auth/wallet/nonce/?wallet_address=0x1', { method: 'POST', json: {} }),
      'GET, HEAD',
    );
  });

  it('keeps 404 for a path no method serves', async () => {
    for (const [path, method] of [
      ['/no/such/route', 'PUT'],
      ['/no/such/route', 'GET'],
      ['/loans/la_x/y', 'GET'],
      ['/v1/auth/login/', 'DELETE'],
    ]) {
      const res = await app.request(path, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('allow')).toBeNull();
      expect(res.body.code).toBe('ROUTE.NOT_FOUND');
    }
  });

  it('counts a 405 against the client IP like a 404, with the rate-limit headers', async () => {
    const res = await app.request('/profile', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(Number(res.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
    expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('leaves the CORS preflight alone: an allowed origin may PATCH /api/profile, and the 405 is readable', async () => {
    const preflight = await app.request('/profile', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PATCH' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    const wrong = await app.request('/profile', { method: 'PUT', headers: { origin: 'https://app.example' } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(wrong.headers.get('access-control-expose-headers')).toContain('Allow');
  });
});
