import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../config/index.js';

/** CORS_ORIGINS (`*` for any); browsers may read the request id and the rate-limit headers. */
export function configureCors(app: INestApplication, config: AppConfig): void {
  const origins = config.env.CORS_ORIGINS;
  app.enableCors({
    origin: origins.includes('*') ? true : origins.length ? origins : false,
    exposedHeaders: ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key'],
    maxAge: 600,
  });
}
