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

/**
 * The schema TypeORM builds from the entities alone, on an empty database, with the names of the indexes the
 * entities only name (`synchronize: false`: expressions TypeORM cannot declare, defined by a migration).
 */
export async function declaredSchema(
  url: string,
  embedded: boolean,
  entities: EntityClass[],
): Promise<{ lines: string[]; undeclaredIndexes: string[] }> {
  const ds = new DataSource({ ...databaseOptions({ url, poolSize: 1, embedded }), entities });
  await ds.initialize();
  try {
    await ds.synchronize();
    const undeclaredIndexes = ds.entityMetadatas.flatMap((m) =>
      m.indices.filter((i) => !i.synchronize).map((i) => i.name),
    );
    return { lines: await schemaLines(ds), undeclaredIndexes };
  } finally {
    await ds.destroy();
  }
}

/** The schema the migrations built, in the same form as declaredSchema's. */
export async function migratedSchema(url: string, embedded: boolean): Promise<string[]> {
  const ds = new DataSource(databaseOptions({ url, poolSize: 1, embedded }));
  await ds.initialize();
  try {
    return await schemaLines(ds);
  } finally {
    await ds.destroy();
  }
}

/**
 * Every column, constraint and index of the tables in the current schema as PostgreSQL itself prints them,
 * one sorted line each: what TypeORM's diff does not compare (check expressions, the columns of a composite
 * unique, an index's column order and WHERE) shows here. Primary keys are compared without their names.
 */
async function schemaLines(ds: DataSource): Promise<string[]> {
  const skip = [ds.options.migrationsTableName ?? 'migrations', 'typeorm_metadata'];
  const rows = await ds.query<Array<{ line: string }>>(
    `SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
              || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
              || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0
         AND NOT a.attisdropped AND c.relname <> ALL ($1)
     UNION ALL
     SELECT c.relname || ' ' || CASE WHEN k.contype = 'p' THEN '' ELSE k.conname || ' ' END
              || pg_get_constraintdef(k.oid)
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> ALL ($1)
     UNION ALL
     SELECT pg_get_indexdef(i.indexrelid)
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> ALL ($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
     ORDER BY 1`,
    [skip],
  );
  return rows.map((r) => r.line);
}

/** The drift as a reader needs it, one line per statement; '' when there is none. */
export function describeDrift(drift: SchemaDrift): string {
  return [...drift.unmappedTables.map((t) => `-- table ${t} has no entity`), ...drift.up.map((q) => `${q};`)].join(
    '\n',
  );
}
