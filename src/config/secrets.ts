import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JwtSecrets } from './app-config.js';
import { ConfigError } from './config.error.js';
import type { ParsedConfig } from './config.schema.js';
import { generateSigningKeyPem, parseSigningKeys, type SigningKey } from './signing-keys.js';

export interface ResolvedSecrets {
  jwt: JwtSecrets;
  codeHash: string;
}

/** What secrets.json held: `access` was the HS256 access-token secret, which also keyed code hashes. */
interface StoredSecrets {
  refresh?: string;
  codes?: string;
  access?: string;
}

/**
 * Production must bring its own keys and secrets (checked in parseConfig). Elsewhere, those not given are
 * generated once and kept in DATA_DIR so tokens and codes survive a restart; an in-memory database or
 * NODE_ENV=test gets throw-away ones and writes nothing.
 */
export function resolveSecrets(config: ParsedConfig): ResolvedSecrets {
  const ephemeral = config.DATABASE_URL?.startsWith('pglite://memory') || config.NODE_ENV === 'test';
  const { refresh, codeHash } = resolveStoredSecrets(config, ephemeral);
  return { jwt: { signingKeys: resolveSigningKeys(config, ephemeral), refresh }, codeHash };
}

function resolveStoredSecrets(config: ParsedConfig, ephemeral: boolean): { refresh: string; codeHash: string } {
  const file = join(config.DATA_DIR, 'secrets.json');
  let stored: StoredSecrets = {};
  if (!ephemeral) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
    } catch {
      stored = {};
    }
  }
  const refresh = config.JWT_REFRESH_SECRET ?? stored.refresh ?? randomBytes(48).toString('base64url');
  // The former access secret keyed code hashes: reusing it keeps codes and links sent before an upgrade valid.
  const codeHash = config.CODE_HASH_SECRET ?? stored.codes ?? stored.access ?? randomBytes(48).toString('base64url');
  const next = { refresh, codes: codeHash };
  if (!ephemeral && (stored.refresh !== next.refresh || stored.codes !== next.codes || stored.access)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(next), { mode: 0o600 });
  }
  return { refresh, codeHash };
}

function resolveSigningKeys(config: ParsedConfig, ephemeral: boolean): SigningKey[] {
  if (config.JWT_SIGNING_KEYS) return parsedOrThrow('JWT_SIGNING_KEYS=(hidden)', config.JWT_SIGNING_KEYS);
  if (ephemeral) return parsedOrThrow('generated key', generateSigningKeyPem());
  const file = join(config.DATA_DIR, 'jwt-signing-key.pem');
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    pem = generateSigningKeyPem();
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, pem, { mode: 0o600 });
  }
  return parsedOrThrow(`${file} (delete it to generate a new key)`, pem);
}

function parsedOrThrow(source: string, value: string): SigningKey[] {
  const keys = parseSigningKeys(value);
  if (typeof keys === 'string') throw new ConfigError([`${source}: ${keys}`]);
  return keys;
}
