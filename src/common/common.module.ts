import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AllExceptionsFilter } from './errors/index.js';
import { MetricsRegistryModule } from './metrics/metrics.registry.js';
import { AccountCreationLimit } from './rate-limit/account-creation-limit.service.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { RedisModule } from './redis/redis.module.js';
import { AccessGuard, StrategyNames } from './security/index.js';

/** Cross-cutting pieces every module may inject: Redis, metrics, rate limiting, the names of this app's passport strategies. */
@Global()
@Module({
  // DiscoveryModule: publishRouteAccess reads every controller's access rule at boot.
  imports: [RedisModule, MetricsRegistryModule, DiscoveryModule],
  providers: [
    RateLimitService,
    AccountCreationLimit,
    StrategyNames,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [RateLimitService, AccountCreationLimit, StrategyNames, RedisModule, MetricsRegistryModule],
})
export class CommonModule {}
