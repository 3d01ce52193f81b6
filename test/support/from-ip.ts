import { request as httpRequest } from 'node:http';
import type { TestResponse } from './app.js';

/**
 * A request to the app from another loopback address (127.0.0.2, …): on Linux every 127/8 address is the
 * machine itself, so one test process can be several clients with real, distinct client IPs and no proxy
 * header to trust.
 */
export function requestFrom(
  localAddress: string,
  base: string,
  path: string,
  init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  const url = new URL(base + path);
  const body = init.json === undefined ? undefined : Buffer.from(JSON.stringify(init.json));
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? (body ? 'POST' : 'GET'),
        headers,
        localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers: h, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
