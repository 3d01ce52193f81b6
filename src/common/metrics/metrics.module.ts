import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * Global like logging: the app's Prometheus registry is a sink any module records into (the database pool, the
 * outbox, the chain probe, the rate limiter); importing it everywhere would say nothing about who depends on whom.
 */
@Global()
@Module({ providers: [MetricsRegistry], exports: [MetricsRegistry] })
export class MetricsModule {}
