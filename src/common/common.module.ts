import { Module } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { AllExceptionsFilter } from './errors/index.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SecurityModule } from './security/security.module.js';

/**
 * What the app as a whole runs under: the one exception filter, deny by default (SecurityModule, which brings the
 * rate limiter) and the metrics registry. Imported by AppModule only; a module that needs Redis, the rate limiter or
 * the strategy names imports RedisModule, RateLimitModule or SecurityModule itself.
 */
@Module({
  // DiscoveryModule: publishRouteAccess and publishThrottleTargets read every controller's routes at boot.
  imports: [SecurityModule, MetricsModule, DiscoveryModule],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class CommonModule {}
