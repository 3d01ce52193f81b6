import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AllExceptionsFilter } from './errors/index.js';
import { MetricsRegistryModule } from './metrics/metrics.registry.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { RedisModule } from './redis/redis.module.js';
import { AccessGuard, AuthenticatorRegistry } from './security/index.js';

/** Cross-cutting pieces every module may inject: Redis, metrics, rate limiting, authenticator slots. */
@Global()
@Module({
  imports: [RedisModule, MetricsRegistryModule],
  providers: [
    RateLimitService,
    AuthenticatorRegistry,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [RateLimitService, AuthenticatorRegistry, RedisModule, MetricsRegistryModule],
})
export class CommonModule {}
