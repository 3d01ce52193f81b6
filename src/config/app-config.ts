import type { ParsedConfig } from './config.schema.js';
import type { SigningKey } from './signing-keys.js';

export interface JwtSecrets {
  /** EC P-256 keys for access tokens (ES256), newest first: the first signs, every one verifies. */
  signingKeys: SigningKey[];
  /** HMAC secret of refresh tokens (HS256): only this service ever verifies them. */
  refresh: string;
}

/**
 * The typed, validated settings every module reads. Injected as a class so consumers need no token.
 * Keys and secrets are resolved (from env, or generated once in DATA_DIR in development) before construction.
 */
export class AppConfig {
  readonly env: ParsedConfig;
  readonly jwt: JwtSecrets;
  /** Key of the keyed hashes that store one-time codes, links and partner passcodes (never a token key). */
  readonly codeHashSecret: string;
  readonly version: string;

  constructor(env: ParsedConfig, secrets: { jwt: JwtSecrets; codeHash: string }, version: string) {
    this.env = env;
    this.jwt = secrets.jwt;
    this.codeHashSecret = secrets.codeHash;
    this.version = version;
  }
}
