import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepExtendedQueryBatchesTogether } from './pglite-batch-queue.js';

export interface EmbeddedPostgres {
  /** A postgres:// URL the ordinary `pg` driver connects to. */
  url: string;
  dataDir: string | null;
  /** The data directory as a tarball another embedded database can start from (`snapshot`). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * `snapshot` (a PGlite data-directory dump) starts an in-memory database from that state instead of an empty
 * cluster: restoring one is a fraction of a fresh cluster's start-up (tests restore a migrated one per app).
 *
 * PGlite is single-connection; its socket server multiplexes many `pg` connections onto it (keeping a
 * transaction on the connection that opened it), so the app has one database code path for both worlds.
 * Bound to 127.0.0.1 on a free port: nothing outside this process is meant to use it.
 */
export async function startEmbeddedPostgres(
  dataDir: string | null,
  maxConnections: number,
  snapshot?: Blob,
): Promise<EmbeddedPostgres> {
  let dir: string | null = null;
  if (dataDir) {
    dir = resolve(dataDir, 'pg');
    mkdirSync(dir, { recursive: true });
  }
  const db = await PGlite.create(dir ?? undefined, snapshot && !dir ? { loadDataDir: snapshot } : undefined);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  keepExtendedQueryBatchesTogether(server);
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    dataDir: dir,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
