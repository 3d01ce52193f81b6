import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers, computed once. They depend on nothing in the request (no CSP nonces here), and
 * @fastify/helmet rebuilt the whole middleware, CSP parsing included, on every request: 9 % of the CPU
 * of a GET /api/health/live under load.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // Helmet 8 throws a bad option synchronously; the callback only says it is done.
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // Swagger UI's stylesheet injects inline styles; scripts stay same-origin only.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
      // Helmet's default upgrade-insecure-requests makes a browser fetch every asset of a page served over plain
      // HTTP (the docs at http://<host>:5000/api/docs from another machine) over HTTPS, so Swagger UI loads
      // blank. The service serves only its own assets, and TLS deployments get HSTS, so it adds nothing here.
      upgradeInsecureRequests: null,
    },
  },
};
