import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ErrorResponseDto } from '../http/error-response.dto.js';

/**
 * What a route's limit does while the shared store (Redis) does not answer:
 * - `open`: the request goes through unlimited (ordinary routes: an outage of the limiter is not an outage of
 *   the API);
 * - `per-instance`: each instance keeps counting in its own memory (credential checks, code sending, partner
 *   challenges: an outage must not open them to guessing or SMS/e-mail pumping).
 */
export type RedisDownMode = 'open' | 'per-instance';

export const ON_REDIS_DOWN = 'rate-limit:on-redis-down';

export interface RateLimitOptions {
  /** Default `open`; see RedisDownMode. */
  onRedisDown?: RedisDownMode;
}

/** For routes that check a credential or send a code: keep a per-instance limit while Redis is down. */
export const PER_INSTANCE_WHEN_REDIS_DOWN: RateLimitOptions = { onRedisDown: 'per-instance' };

/**
 * A per-route limit (seed 000's table): @nestjs/throttler's `@Throttle` on the `default` throttler (100 per hour
 * for routes without one, see rate-limit.module.ts), plus what `@Throttle` cannot say: the route's behaviour
 * while Redis is down and the 429 in its OpenAPI responses. One decorator, so a route cannot get one without the
 * others.
 */
export function RateLimit(limit: number, windowSeconds: number, options: RateLimitOptions = {}) {
  return applyDecorators(
    Throttle({ default: { limit, ttl: windowSeconds * 1000 } }),
    SetMetadata(ON_REDIS_DOWN, options.onRedisDown ?? 'open'),
    ApiResponse({
      status: 429,
      description: `Rate limit: ${limit} per ${windowSeconds >= 3600 ? `${windowSeconds / 3600} h` : `${windowSeconds / 60} min`}`,
      type: ErrorResponseDto,
    }),
  );
}
