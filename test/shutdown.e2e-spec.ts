import { request } from 'node:http';
import { startTestApp, unique } from './support/app.js';

/** One socket per request (no client-side pooling), so every request really is in flight at once. */
function login(base: string, email: string): Promise<number> {
  const url = new URL(`${base}/auth/login`);
  const body = JSON.stringify({ email, password: 'Whatever-pass-1' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('graceful shutdown', () => {
  it('answers every request in flight at stop (SIGTERM calls the same stop): none is reset', async () => {
    const app = await startTestApp({ RATE_LIMIT_ENABLED: 'false' });
    // Logins are slow on purpose (argon2 on a 4-thread pool), so most are still running when the stop begins.
    const inFlight = Array.from({ length: 40 }, () => login(app.url, `${unique('drain')}@example.com`));
    await new Promise((r) => setTimeout(r, 150));
    const stopping = app.stop();
    const statuses = await Promise.all(inFlight);
    await stopping;
    // Requests the app had read finish normally (401: no such account); any still queued when the stop began
    // are answered 503 with Connection: close. None is dropped.
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    await expect(fetch(`${app.url}/health/live`)).rejects.toThrow();
  });
});
