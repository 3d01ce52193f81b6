import { packageVersion } from '../common/project-root.js';
import { AppConfig } from './app-config.js';
import { parseConfig } from './load-config.js';
import { resolveJwtSecrets } from './secrets.js';

export { AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { ConfigError } from './config.error.js';

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = parseConfig(env);
  return new AppConfig(parsed, resolveJwtSecrets(parsed), packageVersion);
}
