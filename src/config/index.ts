import { packageVersion } from '../common/project-root.js';
import { AppConfig } from './app-config.js';
import { parseConfig } from './load-config.js';
import { resolveSecrets } from './secrets.js';

export { AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { ConfigError } from './config.error.js';
export { jwkThumbprint, type SigningKey } from './signing-keys.js';

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = parseConfig(env);
  return new AppConfig(parsed, resolveSecrets(parsed), packageVersion);
}
