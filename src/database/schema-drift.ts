import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options.js';

type EntityClass = new () => unknown;

export interface SchemaDrift {
  /** How many entities were compared. */
  entities: number;
  /** What TypeORM would run to make the database match the entities (what migration:generate writes). */
  up: string[];
  down: string[];
  /** Tables in the database that no entity maps: the schema builder never reports those. */
  unmappedTables: string[];
}

/** Every class exported by a `*.entity.<ext>` file under `dir`: src/ with ts (tests), dist/src/ with js. */
export async function loadEntities(dir: string, ext: 'ts' | 'js'): Promise<EntityClass[]> {
  const classes: EntityClass[] = [];
  for await (const file of glob(`**/*.entity.${ext}`, { cwd: dir })) {
    const exported = Object.values((await import(join(dir, file))) as Record<string, unknown>);
    classes.push(...(exported.filter((value) => typeof value === 'function') as EntityClass[]));
  }
  return classes;
}

/** Compares the entities with the schema of an already migrated database; changes nothing. */
export async function schemaDrift(url: string, embedded: boolean, entities: EntityClass[]): Promise<SchemaDrift> {
  const options = databaseOptions({ url, poolSize: 1, embedded });
  const ds = new DataSource({ ...options, entities });
  await ds.initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    const mapped = new Set(ds.entityMetadatas.map((m) => m.tableName).concat(options.migrationsTableName ?? []));
    const tables = await ds.query<Array<{ name: string }>>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    return {
      entities: ds.entityMetadatas.length,
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query),
      unmappedTables: tables.map((t) => t.name).filter((name) => !mapped.has(name)),
    };
  } finally {
    await ds.destroy();
  }
}

/** The drift as a reader needs it, one line per statement; '' when there is none. */
export function describeDrift(drift: SchemaDrift): string {
  return [...drift.unmappedTables.map((t) => `-- table ${t} has no entity`), ...drift.up.map((q) => `${q};`)].join(
    '\n',
  );
}
