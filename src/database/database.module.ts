import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConnector, UnconnectedDataSource } from './database-connector.js';
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
      global: true,
      providers: [DatabasePoolMetrics, DatabaseConnector],
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...databaseOptions({ url: endpoint.url, poolSize, embedded: endpoint.embedded }),
            driver: pool.driver,
            autoLoadEntities: true,
            // DatabaseConnector connects it: a database that is down at boot is waited for, not a failed boot.
            manualInitialization: true,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = new UnconnectedDataSource(options!);
            await dataSource.describeEntities();
            return dataSource;
          },
        }),
        SqlModule.forRoot(pool, { prepare: !endpoint.embedded }),
      ],
      exports: [SqlModule, DatabaseConnector],
    };
  }
}
