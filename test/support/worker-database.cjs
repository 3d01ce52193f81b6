// On a real PostgreSQL (DATABASE_URL), each jest worker gets a database of its own, `<name>_w<worker id>`:
// an app's outbox workers claim every due message in their database and send it through their own SMTP, so
// two apps of files running side by side on one database would take each other's e-mails. Files in one
// worker run one after another and share its database, as every file shared the one database before.
const { Client } = require('pg');

const isPostgres = (url) => /^postgres(ql)?:/.test(url ?? '');

function workerDatabaseUrl(base, workerId) {
  const url = new URL(base);
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1))}_w${workerId}`;
  return url.toString();
}

async function onServer(base, statements) {
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

const names = (base, count) =>
  Array.from({ length: count }, (_, i) => new URL(workerDatabaseUrl(base, i + 1)).pathname.slice(1));

/** globalSetup: one fresh database per worker (migrations run at the first app boot, as on the base one). */
async function setup(globalConfig) {
  const base = process.env.DATABASE_URL;
  if (!isPostgres(base)) return;
  const databases = names(base, globalConfig.maxWorkers);
  await onServer(
    base,
    databases.flatMap((db) => [`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`, `CREATE DATABASE "${db}"`]),
  );
}

/** globalTeardown. */
async function teardown(globalConfig) {
  const base = process.env.DATABASE_URL;
  if (!isPostgres(base)) return;
  await onServer(
    base,
    names(base, globalConfig.maxWorkers).map((db) => `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`),
  );
}

/** setupFiles, in each test file: points DATABASE_URL at this worker's database. */
function useWorkerDatabase() {
  const base = process.env.TEST_BASE_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!isPostgres(base)) return;
  process.env.TEST_BASE_DATABASE_URL = base;
  process.env.DATABASE_URL = workerDatabaseUrl(base, process.env.JEST_WORKER_ID ?? '1');
}

module.exports = { setup, teardown, useWorkerDatabase, workerDatabaseUrl };
