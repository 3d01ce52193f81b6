import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** Prometheus's default scrape path, so a scrape config needs no `metrics_path`. */
export const METRICS_PATH = '/metrics';

export interface MetricsListenerOptions {
  port: number;
  host: string;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

export interface MetricsListener {
  /** Full URL of the metrics endpoint, e.g. http://127.0.0.1:9464/metrics */
  url: string;
  port: number;
  close(): Promise<void>;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return !!match && timingSafeEqual(digest(match[1]), digest(token));
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/**
 * Serves the registry on a listener of its own, apart from the API port: metrics (login outcomes, route
 * latencies, pool and circuit state) are for the monitoring system, not for the API's clients. A plain Node
 * server rather than a second Fastify: one route, and its scrapes never pass the API's hooks, so they are not
 * counted as API requests, rate-limited or drained.
 */
export async function startMetricsListener(
  registry: Registry,
  options: MetricsListenerOptions,
): Promise<MetricsListener> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) return answer(res, 404, 'Not Found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return answer(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token)) {
      return answer(res, 401, 'Unauthorized\n', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    const body = await registry.metrics();
    answer(res, 200, req.method === 'HEAD' ? '' : body, { 'Content-Type': registry.contentType });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
  // A scraper that stalls must not hold a socket for the default five minutes.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${reachableHost(options.host)}:${port}${METRICS_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Scrapers keep connections alive; none carries anything worth waiting for.
        server.closeAllConnections();
      }),
  };
}

/** The address a client on this host uses for a bind address: the wildcard binds answer on loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
