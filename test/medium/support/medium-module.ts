import type { DynamicModule, InjectionToken, Provider, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, ConfigModule, loadConfig } from '../../../src/config/index.js';
import { openDatabaseEndpoint, type DatabaseEndpoint } from '../../../src/database/database-endpoint.js';
import { databaseOptions } from '../../../src/database/database-options.js';
import { DatabasePool } from '../../../src/database/database-pool.js';
import { runMigrations } from '../../../src/database/migrator.js';
import { migratedSnapshot } from '../../support/migrated-snapshot.js';
import { SqlModule } from '../../../src/database/sql.js';

export interface MediumOptions {
  /** Modules the code under test needs (its own module's imports, e.g. TypeOrmModule.forFeature). */
  imports?: Array<Type | DynamicModule>;
  /** The services under test, and anything they inject that no import provides. */
  providers?: Provider[];
  /** Settings, as environment variables, over the test defaults. */
  env?: Record<string, string | undefined>;
}

export interface Medium {
  config: AppConfig;
  db: DataSource;
  get<T>(token: InjectionToken): T;
  close(): Promise<void>;
}

/**
 * The middle tier: a Nest testing module with only the database (migrated) and the code under test, no HTTP
 * server and no app boot. The database is a throw-away embedded one, or DATABASE_URL's when set (as the
 * PostgreSQL pass of `.ci/run` does), where other suites' rows live too: tests scope what they read to the
 * rows their factory made.
 */
export async function startMedium(options: MediumOptions = {}): Promise<Medium> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL ?? 'pglite://memory',
    DATABASE_POOL_SIZE: '4',
    ...options.env,
  });
  const inMemory = config.env.DATABASE_URL?.startsWith('pglite://memory') ?? false;
  const endpoint: DatabaseEndpoint = await openDatabaseEndpoint(
    config,
    inMemory ? await migratedSnapshot() : undefined,
  );
  let module: TestingModule | undefined;
  const pool = new DatabasePool();
  try {
    await runMigrations(endpoint.url, endpoint.embedded);
    module = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...databaseOptions({ url: endpoint.url, poolSize: 4, embedded: endpoint.embedded }),
          driver: pool.driver,
          autoLoadEntities: true,
        }),
        SqlModule.forRoot(pool, { prepare: !endpoint.embedded }),
        ...(options.imports ?? []),
      ],
      providers: options.providers ?? [],
    }).compile();
    await module.init();
  } catch (err) {
    await module?.close();
    await endpoint.stop();
    throw err;
  }
  const ready = module;
  return {
    config,
    db: ready.get<DataSource>(getDataSourceToken()),
    get: <T>(token: InjectionToken) => ready.get<T>(token, { strict: false }),
    async close() {
      await ready.close();
      await endpoint.stop();
    },
  };
}
