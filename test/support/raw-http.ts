import { request as httpRequest } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query exactly as they go on the request line (already percent-encoded). */
  path: string;
  /** Header name → value; an array sends the header once per value. */
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  /** Milliseconds from sending to the end of the response. */
  ms: number;
}

/**
 * One HTTP/1.1 request through node:http, which (unlike fetch) sends the request line, repeated headers
 * and body bytes as given: invalid UTF-8, NUL bytes, a body on any method, a Content-Length of its own.
 * A fresh connection per request, so a refused upload cannot disturb the next request.
 */
export function rawRequest(origin: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(origin);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
  const headers: Record<string, string | string[]> = { ...(req.headers ?? {}) };
  const hasLength = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
  if (body && !hasLength) headers['content-length'] = String(body.length);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false },
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
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            body: parsed,
            ms: performance.now() - started,
          });
        });
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error(`no answer within 30 s: ${req.method} ${req.path}`)));
    // The server may answer (413, 415) and stop reading before the whole body is written; the answer counts.
    r.on('error', reject);
    r.end(body);
  });
}
