import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AllExceptionsFilter } from './errors/index.js';
import { MetricsRegistryModule } from './metrics/metrics.registry.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { RedisModule } from './redis/redis.module.js';
import { AccessGuard, StrategyNames } from './security/index.js';

/** Cross-cutting pieces every module may inject: Redis, metrics, rate limiting, the names of this app's passport strategies. */
@Global()
@Module({
  // DiscoveryModule: publishRouteAccess reads every controller's access rule at boot.
  imports: [RedisModule, MetricsRegistryModule, DiscoveryModule, RateLimitModule],
  providers: [
    StrategyNames,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [RateLimitModule, StrategyNames, RedisModule, MetricsRegistryModule],
})
export class CommonModule {}
