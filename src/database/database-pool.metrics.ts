import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../common/metrics/metrics.registry.js';
import { DatabasePool } from './database-pool.js';

/**
 * The connection pool on the metrics listener, read at each scrape: `waiting` above zero for long means the pool
 * (DATABASE_POOL_SIZE) or the database is the bottleneck; `total` at zero while requests arrive means the
 * database is unreachable.
 */
@Injectable()
export class DatabasePoolMetrics {
  constructor(database: DatabasePool, metrics: MetricsRegistry) {
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one (state)',
      labelNames: ['state'],
      registers: [metrics.registry],
      collect() {
        const pool = database.pool;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
