import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from './database-options.js';
import { DatabasePool } from './database-pool.js';
import { DatabasePoolMetrics } from './database-pool.metrics.js';
import type { DatabaseEndpoint } from './database-endpoint.js';
import { SqlModule } from './sql.js';

/** TypeORM over the endpoint chosen before boot; entities come from each module's forFeature(). */
@Module({})
export class DatabaseModule {
  static forRoot(endpoint: DatabaseEndpoint, poolSize: number): DynamicModule {
    const pool = new DatabasePool();
    return {
      module: DatabaseModule,
      providers: [DatabasePoolMetrics],
      imports: [
        TypeOrmModule.forRoot({
          ...databaseOptions({ url: endpoint.url, poolSize, embedded: endpoint.embedded }),
          driver: pool.driver,
          autoLoadEntities: true,
          // Boot must not wait on a database that is down for long; readiness reports it instead.
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        SqlModule.forRoot(pool, { prepare: !endpoint.embedded }),
      ],
      exports: [SqlModule],
    };
  }
}
