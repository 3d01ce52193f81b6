// The app as Node itself loads it (dist/, natively), for the e2e and medium tiers: app-environment.cjs loads this
// once per jest worker. A test file's own imports are evaluated afresh in its sandbox, so a test that imported the
// app would pay for evaluating every module of it (Nest, TypeORM, viem, …: about two seconds on two cores) once
// per file; an app booted from here pays once per worker.
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { acquireHardhatNode, releaseHardhatNode } = require('./hardhat-process.cjs');

const root = join(__dirname, '../..');
/** One of the app's modules, e.g. `server.js` for dist/src/server.js. */
const appModule = (path) => import(pathToFileURL(join(root, 'dist/src', path)).href);

let snapshot = null;
/**
 * A dump of an embedded database with every migration applied, made once per machine for each set of migrations
 * and PGlite version, and restored by each test app instead of creating a cluster and migrating it (about three
 * seconds of every boot on two cores). The app still runs its migrations at boot: they find the dump's
 * migrations table up to date, as a restarted instance would. test/migration-drift.e2e-spec.ts keeps migrating
 * from empty. Read once per worker.
 */
function migratedSnapshot() {
  snapshot ??= makeSnapshot().catch((err) => {
    snapshot = null;
    throw err;
  });
  return snapshot;
}

async function makeSnapshot() {
  const file = join(tmpdir(), `blockscore-migrated-${fingerprint()}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet (or made by another worker just now): make it, and publish it whole with a rename.
  }
  const [{ startEmbeddedPostgres }, { runMigrations }] = await Promise.all([
    appModule('database/embedded-postgres.js'),
    appModule('database/migrator.js'),
  ]);
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

function fingerprint() {
  const hash = createHash('sha256');
  const dir = join(root, 'migrations');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  const pglite = join(root, 'node_modules/@electric-sql/pglite/package.json');
  hash.update(JSON.parse(readFileSync(pglite, 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Loads the settings and boots the server (test/support/app.ts says with what). Besides the running server it
 * returns what tests reach into, found here because a class a test imports is its sandbox's copy, which the app's
 * dependency injection has never seen: the settings, the DataSource, and providers by their class name.
 */
async function startApp(env, options) {
  const [{ loadConfig }, { startServer }, { getDataSourceToken }, { DiscoveryService }] = await Promise.all([
    appModule('config/index.js'),
    appModule('server.js'),
    import('@nestjs/typeorm'),
    import('@nestjs/core'),
  ]);
  const config = loadConfig(env);
  const embedded = config.env.DATABASE_URL?.startsWith('pglite://memory') ?? false;
  const server = await startServer(config, {
    ...(embedded ? { embeddedSnapshot: await migratedSnapshot() } : {}),
    ...options,
  });
  const providers = new Map();
  for (const wrapper of server.app.get(DiscoveryService).getProviders()) {
    if (typeof wrapper.token !== 'function' || !wrapper.instance) continue;
    const { name } = wrapper.token;
    // One instance per class: a class imported by several modules is still one provider.
    providers.set(name, [...new Set([...(providers.get(name) ?? []), wrapper.instance])]);
  }
  return Object.assign(server, {
    config,
    dataSource: server.app.get(getDataSourceToken()),
    provider(name) {
      const found = providers.get(name) ?? [];
      if (found.length !== 1) throw new Error(`the app has ${found.length} providers named ${name}`);
      return found[0];
    },
  });
}

module.exports = { appModule, migratedSnapshot, startApp, acquireHardhatNode, releaseHardhatNode };
