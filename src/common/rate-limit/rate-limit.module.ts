import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../../config/index.js';
import { RedisHolder } from '../redis/redis-holder.js';
import { RedisModule } from '../redis/redis.module.js';
import { AccountCreationLimit } from './account-creation-limit.service.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import { RateLimitCounter } from './rate-limit.counter.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

/**
 * Rate limits on @nestjs/throttler.
 *
 * One throttler, `default` (100 per hour), which routes override with `@RateLimit` (`@Throttle` inside). The
 * seed's table is not split into named throttlers: @nestjs/throttler applies every named throttler to every
 * route, so a `login` throttler of 5/min would also count (and refuse) every other route, and each extra one costs
 * a Redis round trip per request. One throttler whose limit and window each route overrides is the table exactly.
 *
 * The storage is Redis when REDIS_URL is set (shared by every instance), else this instance's memory.
 */
@Module({
  imports: [
    RedisModule,
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [AppConfig, RedisHolder],
      useFactory: (config: AppConfig, redis: RedisHolder): ThrottlerModuleOptions => ({
        throttlers: [{ name: 'default', limit: 100, ttl: 3600_000 }],
        storage: redis.client ? new RedisThrottlerStorage(redis.client) : new MemoryThrottlerStorage(),
        // RATE_LIMIT_ENABLED=false: no route is counted (the cap and the quotas check it too).
        skipIf: () => !config.env.RATE_LIMIT_ENABLED,
      }),
    }),
  ],
  providers: [
    RateLimitCounter,
    RateLimitGuard,
    AccountCreationLimit,
    // The same instance as the one the AccessGuard calls `admit` on: both share which requests were counted.
    { provide: APP_GUARD, useExisting: RateLimitGuard },
  ],
  exports: [RateLimitCounter, RateLimitGuard, AccountCreationLimit],
})
export class RateLimitModule {}
