import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { runMigrations } from '../../src/database/migrator.js';

/**
 * A dump of an embedded database with every migration applied, made once per machine for each set of
 * migrations and PGlite version, and restored by each test app instead of creating a cluster and migrating it
 * (about three seconds of every boot on two cores). The app still runs its migrations at boot: they find the
 * dump's migrations table up to date, as a restarted instance would. test/migration-drift.e2e-spec.ts keeps
 * migrating from empty.
 */
export async function migratedSnapshot(): Promise<Blob> {
  const file = join(tmpdir(), `blockscore-migrated-${fingerprint()}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet (or made by another worker just now): make it, and publish it whole with a rename.
  }
  const db = await startEmbeddedPostgres(null, 4);
  try {
    await runMigrations(db.url, true);
    const dump = await db.dump();
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  } finally {
    await db.stop();
  }
}

function fingerprint(): string {
  const hash = createHash('sha256');
  const dir = join(projectRoot, 'migrations');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  const pglite = join(projectRoot, 'node_modules/@electric-sql/pglite/package.json');
  hash.update(JSON.parse(readFileSync(pglite, 'utf8')).version as string);
  return hash.digest('hex').slice(0, 16);
}
