import { ConfigError } from './config.error.js';
import { configSchema, type ParsedConfig } from './config.schema.js';

/** Parses the environment; throws one ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): ParsedConfig {
  const input: Record<string, string | undefined> = {};
  // An empty value (`PORT=` in a .env file) means "use the default", as if unset.
  for (const key of Object.keys(configSchema.shape)) input[key] = env[key] === '' ? undefined : env[key];
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'config');
      const value = env[name];
      const shown = value === undefined ? 'unset' : isSecretName(name) ? '(hidden)' : JSON.stringify(value);
      return `${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production') {
    const missing = (['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const).filter((k) => !config[k]);
    if (missing.length) {
      throw new ConfigError(missing.map((k) => `${k}=unset: production needs a real secret of at least 32 characters`));
    }
    if (config.JWT_ACCESS_SECRET === config.JWT_REFRESH_SECRET) {
      throw new ConfigError(['JWT_REFRESH_SECRET: must differ from JWT_ACCESS_SECRET']);
    }
    const placeholder = /change[-_ ]?me|example|secret{2,}|^(.)\1+$/i;
    for (const k of ['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const) {
      if (placeholder.test(config[k] ?? ''))
        throw new ConfigError([`${k}=(hidden): looks like a placeholder; set a random secret`]);
    }
  }
  if (config.NODE_ENV === 'production' && config.TRUST_PROXY.kind === 'hops' && config.TRUST_PROXY.fromTrue) {
    throw new ConfigError(["TRUST_PROXY=true trusts every hop; set a hop count or the proxies' CIDRs"]);
  }
  if (config.SMS_PROVIDER === 'webhook' && !config.SMS_WEBHOOK_URL) {
    throw new ConfigError(['SMS_WEBHOOK_URL=unset: required when SMS_PROVIDER=webhook']);
  }
  if (config.SMS_PROVIDER === 'twilio') {
    const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const).filter((k) => !config[k]);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}=unset: required when SMS_PROVIDER=twilio`));
  }
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    throw new ConfigError(['ADMIN_EMAIL / ADMIN_PASSWORD: set both or neither']);
  }
  return config;
}

function isSecretName(name: string): boolean {
  return /SECRET|PASSWORD|TOKEN|_URL$/.test(name);
}
