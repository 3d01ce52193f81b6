import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto.js';

/**
 * What a route's limit does while the shared store (Redis) does not answer:
 * - `open`: the request goes through unlimited (ordinary routes: an outage of the limiter is not an outage of
 *   the API);
 * - `per-instance`: each instance keeps counting in its own memory (credential checks, code sending, partner
 *   challenges: an outage must not open them to guessing or SMS/e-mail pumping).
 */
export type RedisDownMode = 'open' | 'per-instance';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
  onRedisDown: RedisDownMode;
}

export interface RateLimitOptions {
  /** Default `open`; see RedisDownMode. */
  onRedisDown?: RedisDownMode;
}

export const DEFAULT_RATE_LIMIT: RateLimitRule = { limit: 100, windowSeconds: 3600, onRedisDown: 'open' };

/** For routes that check a credential or send a code: keep a per-instance limit while Redis is down. */
export const PER_INSTANCE_WHEN_REDIS_DOWN: RateLimitOptions = { onRedisDown: 'per-instance' };

/** A per-route limit (seed 000's table); routes without one get 100 per hour. */
export function RateLimit(limit: number, windowSeconds: number, options: RateLimitOptions = {}) {
  const rule: RateLimitRule = { limit, windowSeconds, onRedisDown: options.onRedisDown ?? 'open' };
  return applyDecorators(
    RouteConfig({ rateLimit: rule }),
    ApiResponse({
      status: 429,
      description: `Rate limit: ${limit} per ${windowSeconds >= 3600 ? `${windowSeconds / 3600} h` : `${windowSeconds / 60} min`}`,
      type: ErrorResponseDto,
    }),
  );
}
