import type { ParsedConfig } from './config.schema.js';

export interface JwtSecrets {
  access: string;
  refresh: string;
}

/**
 * The typed, validated settings every module reads. Injected as a class so consumers need no token.
 * Secrets are resolved (from env, or generated once in DATA_DIR in development) before construction.
 */
export class AppConfig {
  readonly env: ParsedConfig;
  readonly jwt: JwtSecrets;
  readonly version: string;

  constructor(env: ParsedConfig, jwt: JwtSecrets, version: string) {
    this.env = env;
    this.jwt = jwt;
    this.version = version;
  }
}
