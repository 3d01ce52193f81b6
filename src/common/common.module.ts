import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AllExceptionsFilter } from './errors/index.js';
import { MetricsRegistryModule } from './metrics/metrics.registry.js';
import { AccountCreationLimit } from './rate-limit/account-creation-limit.service.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { RedisModule } from './redis/redis.module.js';
import { AccessGuard, AuthenticatorRegistry } from './security/index.js';

/** Cross-cutting pieces every module may inject: Redis, metrics, rate limiting, authenticator slots. */
@Global()
@Module({
  // DiscoveryModule: publishRouteAccess reads every controller's access rule at boot.
  imports: [RedisModule, MetricsRegistryModule, DiscoveryModule],
  providers: [
    RateLimitService,
    AccountCreationLimit,
    AuthenticatorRegistry,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [RateLimitService, AccountCreationLimit, AuthenticatorRegistry, RedisModule, MetricsRegistryModule],
})
export class CommonModule {}
