import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import type { AppConfig } from '../config/index.js';

export interface DatabaseEndpoint {
  url: string;
  embedded: boolean;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/**
 * No DATABASE_URL → embedded PostgreSQL in DATA_DIR; `pglite://memory` → a throw-away one;
 * `postgres://…` → that server. `snapshot` seeds a throw-away one (see startEmbeddedPostgres).
 */
export async function openDatabaseEndpoint(config: AppConfig, snapshot?: Blob): Promise<DatabaseEndpoint> {
  const url = config.env.DATABASE_URL;
  if (url && !url.startsWith('pglite:')) return { url, embedded: false, stop: async () => {} };
  const inMemory = url?.startsWith('pglite://memory') ?? false;
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres(
    inMemory ? null : config.env.DATA_DIR,
    config.env.DATABASE_POOL_SIZE + 4,
    inMemory ? snapshot : undefined,
  );
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}
