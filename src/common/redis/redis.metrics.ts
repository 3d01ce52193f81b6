import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { RedisHolder } from './redis-holder.js';

/**
 * Whether this instance's Redis connection is up, read at each scrape. Readiness does not gate on Redis (the
 * service keeps serving without it), so this is where an outage shows even when no request arrives to fall
 * back. No series when REDIS_URL is unset: nothing is down that was never used.
 */
@Injectable()
export class RedisMetrics {
  constructor(redis: RedisHolder, metrics: MetricsRegistry) {
    const client = redis.client;
    if (!client) return;
    new Gauge({
      name: 'redis_connected',
      help: "1 while this instance's Redis connection is ready, 0 while it is down or reconnecting",
      registers: [metrics.registry],
      collect() {
        this.set(client.status === 'ready' ? 1 : 0);
      },
    });
  }
}
