import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { migrations } from '../../migrations/index.js';

export interface DatabaseOptionsInput {
  url: string;
  poolSize: number;
  embedded: boolean;
}

/** Shared by the app, the boot-time migrator and the migration CLI so all three see the same schema. */
export function databaseOptions(input: DatabaseOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // The schema is the migrations' alone: TypeORM creates no extension, and a generated uuid default is
    // the built-in gen_random_uuid() the migrations use, not uuid-ossp's.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: {
      max: input.poolSize,
      // A dead database must cost a request at most about a second, never a hang.
      connectionTimeoutMillis: 1500,
      idleTimeoutMillis: 30000,
      ...(input.embedded ? {} : { statement_timeout: 10000, query_timeout: 12000 }),
    },
  };
}
