import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/common/project-root.js';
import { loadConfig } from '../src/config/index.js';
import { openDatabaseEndpoint } from '../src/database/database-endpoint.js';
import { runMigrations } from '../src/database/migrator.js';
import {
  declaredSchema,
  describeDrift,
  loadEntities,
  migratedSchema,
  schemaDrift,
  type SchemaDrift,
} from '../src/database/schema-drift.js';

interface FreshDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

/**
 * An empty database: embedded in memory by default; with DATABASE_URL, a scratch database created on that
 * server (the one DATABASE_URL names may be shared with other suites and already hold data).
 */
async function freshDatabase(): Promise<FreshDatabase> {
  const server = process.env.DATABASE_URL;
  if (!server || server.startsWith('pglite:')) {
    const endpoint = await openDatabaseEndpoint(loadConfig({ DATABASE_URL: 'pglite://memory' }));
    return { url: endpoint.url, embedded: true, drop: () => endpoint.stop() };
  }
  const name = `drift_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), embedded: false, drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

describe('entities and migrations', () => {
  const databases: FreshDatabase[] = [];
  let drift: SchemaDrift;
  let migrated: string[];
  let declared: Awaited<ReturnType<typeof declaredSchema>>;

  beforeAll(async () => {
    const entities = await loadEntities(join(projectRoot, 'src'), 'ts');
    const fromMigrations = await freshDatabase();
    databases.push(fromMigrations);
    await runMigrations(fromMigrations.url, fromMigrations.embedded);
    drift = await schemaDrift(fromMigrations.url, fromMigrations.embedded, entities);
    migrated = await migratedSchema(fromMigrations.url, fromMigrations.embedded);
    const fromEntities = await freshDatabase();
    databases.push(fromEntities);
    declared = await declaredSchema(fromEntities.url, fromEntities.embedded, entities);
  });

  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it('has an entity for every table the migrations create', () => {
    expect(drift.unmappedTables).toEqual([]);
  });

  it('leaves migration:generate nothing to write on a database migrated from migrations/', () => {
    // The SQL itself is the message when this fails: it is what the entity or a new migration must say.
    expect(describeDrift(drift)).toBe('');
  });

  // TypeORM's diff compares constraints by name only and indexes by their set of columns; PostgreSQL's own
  // rendering of both schemas also compares check expressions, unique columns, index column order and WHERE.
  it('builds the same columns, constraints and indexes from the entities alone as the migrations do', () => {
    // What only a migration can say: expression indexes (named in the entity with synchronize: false) and
    // descending index columns.
    expect(migrated).toContain('users users_email_key UNIQUE (email)'); // the comparison is not of two empty lists
    const onlyInMigration = new RegExp(`INDEX (${declared.undeclaredIndexes.join('|')}) ON `);
    const expected = migrated
      .filter((line) => !onlyInMigration.test(line))
      .map((line) => (line.startsWith('CREATE ') ? line.replaceAll(' DESC', '') : line));
    // TypeORM writes a numeric default as a string literal ('0'::numeric) where the migration says 0.
    const actual = declared.lines.map((line) => line.replace(/DEFAULT '(-?\d+)'::numeric$/, 'DEFAULT $1'));
    expect(actual).toEqual(expected);
  });
});
