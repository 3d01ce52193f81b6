import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../config/index.js';

/**
 * Every method a route answers; a preflight for any other is refused. Without this list @fastify/cors allows
 * only GET, HEAD and POST, and a web app could not PATCH its profile or DELETE anything (test/browser.e2e-spec.ts
 * checks the list against every method in the OpenAPI document).
 */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];

/** CORS_ORIGINS (`*` for any); browsers may read the request id, the rate-limit headers and a 405's Allow. */
export function configureCors(app: INestApplication, config: AppConfig): void {
  const origins = config.env.CORS_ORIGINS;
  app.enableCors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    methods: CORS_METHODS,
    exposedHeaders: [
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Retry-After',
      'Allow',
    ],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key'],
    maxAge: 600,
  });
}
