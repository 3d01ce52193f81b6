import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options.js';

/** Any fixed number: every instance takes the same lock so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 740_151_001;

export interface MigrationLogger {
  info(obj: object, msg: string): void;
}

/** Applies pending migrations under an advisory lock, so instances booting together do not race. */
export async function runMigrations(url: string, embedded: boolean, logger?: MigrationLogger): Promise<string[]> {
  const ds = new DataSource(databaseOptions({ url, poolSize: 1, embedded }));
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      const names = applied.map((m) => m.name);
      if (names.length) logger?.info({ migrations: names }, 'migrations applied');
      return names;
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await ds.destroy();
  }
}
