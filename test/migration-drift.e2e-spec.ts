import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/common/project-root.js';
import { loadConfig } from '../src/config/index.js';
import { openDatabaseEndpoint } from '../src/database/database-endpoint.js';
import { runMigrations } from '../src/database/migrator.js';
import { describeDrift, loadEntities, schemaDrift, type SchemaDrift } from '../src/database/schema-drift.js';

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
  let db: FreshDatabase;
  let drift: SchemaDrift;

  beforeAll(async () => {
    db = await freshDatabase();
    await runMigrations(db.url, db.embedded);
    drift = await schemaDrift(db.url, db.embedded, await loadEntities(join(projectRoot, 'src'), 'ts'));
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('has an entity for every table the migrations create', () => {
    expect(drift.unmappedTables).toEqual([]);
  });

  it('leaves migration:generate nothing to write on a database migrated from migrations/', () => {
    // The SQL itself is the message when this fails: it is what the entity or a new migration must say.
    expect(describeDrift(drift)).toBe('');
  });
});
