/**
 * `npm run migration:run | migration:revert | migration:generate [-- <Name>]`.
 * run/revert act on DATABASE_URL (or the embedded database in DATA_DIR); generate diffs the entities against
 * a throw-away embedded database with every migration applied and, given a name, writes the SQL as a new
 * migration file, to be reviewed by hand and added to migrations/index.ts. Without changes it says so and
 * writes nothing (test/migration-drift.e2e-spec.ts makes the same comparison).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { projectRoot } from '../common/project-root.js';
import { loadConfig } from '../config/index.js';
import { openDatabaseEndpoint } from './database-endpoint.js';
import { databaseOptions } from './database-options.js';
import { runMigrations } from './migrator.js';
import { describeDrift, loadEntities, schemaDrift } from './schema-drift.js';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command === 'generate') return generate(name);
  const config = loadConfig();
  const endpoint = await openDatabaseEndpoint(config);
  try {
    if (command === 'run') {
      const applied = await runMigrations(endpoint.url, endpoint.embedded);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Nothing to apply.\n');
    } else if (command === 'revert') {
      const ds = new DataSource(databaseOptions({ url: endpoint.url, poolSize: 1, embedded: endpoint.embedded }));
      await ds.initialize();
      await ds.undoLastMigration({ transaction: 'each' });
      await ds.destroy();
      process.stdout.write('Reverted the last migration.\n');
    } else {
      throw new Error('usage: migrate-cli run | revert | generate [<Name>]');
    }
  } finally {
    await endpoint.stop();
  }
}

async function generate(name: string | undefined): Promise<void> {
  if (name !== undefined && !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('generate needs a PascalCase name');
  const config = loadConfig({ ...process.env, DATABASE_URL: 'pglite://memory' });
  const endpoint = await openDatabaseEndpoint(config);
  try {
    await runMigrations(endpoint.url, true);
    const drift = await schemaDrift(endpoint.url, true, await loadEntities(join(projectRoot, 'dist/src'), 'js'));
    for (const table of drift.unmappedTables) process.stderr.write(`Warning: table ${table} has no entity.\n`);
    if (!drift.up.length) {
      process.stdout.write(`No changes: the ${drift.entities} entities match the migrations; nothing to generate.\n`);
      return;
    }
    if (!name) {
      throw new Error(
        `The entities differ from the migrations:\n${describeDrift(drift)}\n` +
          'Run `npm run migration:generate -- <PascalCaseName>` to write this as a migration.',
      );
    }
    const ts = Date.now();
    const q = (list: string[]) => list.map((query) => `    await q.query(${JSON.stringify(query)});`).join('\n');
    const file = join(
      projectRoot,
      'migrations',
      `${ts}-${name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}.ts`,
    );
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(q: QueryRunner): Promise<void> {\n${q(drift.up)}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${q(drift.down.reverse())}\n  }\n}\n`,
    );
    process.stdout.write(`Wrote ${file}; review it and add it to migrations/index.ts.\n`);
  } finally {
    await endpoint.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
