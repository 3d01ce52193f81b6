import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedConfig } from './config.schema.js';
import type { JwtSecrets } from './app-config.js';

/**
 * Production must bring its own secrets (checked in parseConfig). Elsewhere, secrets not given are generated
 * once and kept in DATA_DIR so tokens survive a restart; an in-memory database gets throw-away secrets.
 */
export function resolveJwtSecrets(config: ParsedConfig): JwtSecrets {
  const given = { access: config.JWT_ACCESS_SECRET, refresh: config.JWT_REFRESH_SECRET };
  if (given.access && given.refresh) return { access: given.access, refresh: given.refresh };
  const ephemeral = config.DATABASE_URL?.startsWith('pglite://memory') || config.NODE_ENV === 'test';
  let stored: Partial<JwtSecrets> = {};
  const file = join(config.DATA_DIR, 'secrets.json');
  if (!ephemeral) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<JwtSecrets>;
    } catch {
      stored = {};
    }
  }
  const secrets: JwtSecrets = {
    access: given.access ?? stored.access ?? randomBytes(48).toString('base64url'),
    refresh: given.refresh ?? stored.refresh ?? randomBytes(48).toString('base64url'),
  };
  if (!ephemeral && (stored.access !== secrets.access || stored.refresh !== secrets.refresh)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}
