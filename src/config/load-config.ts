import { ConfigError } from './config.error.js';
import { configSchema, type ParsedConfig } from './config.schema.js';
import { unsafeProductionSettings } from './production-safety.js';
import { parseSigningKeys } from './signing-keys.js';

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
  // Every problem at once: an operator fixes the deployment in one pass, not one restart per variable.
  const problems = [
    ...(config.NODE_ENV === 'production'
      ? [...productionSecretProblems(config), ...unsafeProductionSettings(config)]
      : []),
    ...smsProviderProblems(config),
    ...signingKeyProblems(config),
  ];
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL / ADMIN_PASSWORD: set both or neither');
  }
  if (config.NODE_ENV === 'production' && config.METRICS_TOKEN && placeholder.test(config.METRICS_TOKEN)) {
    problems.push('METRICS_TOKEN=(hidden): looks like a placeholder; set a random token or leave it unset');
  }
  if (config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT) {
    problems.push(
      `METRICS_PORT=${config.METRICS_PORT}: must differ from PORT (metrics are never served on the API port)`,
    );
  }
  if (config.NODE_ENV === 'production' && config.TRUST_PROXY.kind === 'hops' && config.TRUST_PROXY.fromTrue) {
    problems.push("TRUST_PROXY=true trusts every hop; set a hop count or the proxies' CIDRs");
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

const placeholder = /change[-_ ]?me|example|secret{2,}|^(.)\1+$/i;

function productionSecretProblems(config: ParsedConfig): string[] {
  const problems: string[] = [];
  if (!config.JWT_SIGNING_KEYS) {
    problems.push(
      'JWT_SIGNING_KEYS=unset: production needs an EC P-256 private key to sign access tokens (PEM or JWK, inline or @/path/to/file)',
    );
  }
  const secrets = ['JWT_REFRESH_SECRET', 'CODE_HASH_SECRET'] as const;
  const missing = secrets.filter((k) => !config[k]);
  if (missing.length) {
    return [...problems, ...missing.map((k) => `${k}=unset: production needs a real secret of at least 32 characters`)];
  }
  if (config.JWT_REFRESH_SECRET === config.CODE_HASH_SECRET) {
    problems.push('CODE_HASH_SECRET: must differ from JWT_REFRESH_SECRET');
  }
  for (const k of secrets) {
    if (placeholder.test(config[k] ?? ''))
      problems.push(`${k}=(hidden): looks like a placeholder; set a random secret`);
  }
  return problems;
}

/** Everywhere, not only in production: a key given is a key meant to be used. */
function signingKeyProblems(config: ParsedConfig): string[] {
  if (!config.JWT_SIGNING_KEYS) return [];
  const keys = parseSigningKeys(config.JWT_SIGNING_KEYS);
  return typeof keys === 'string' ? [`JWT_SIGNING_KEYS=(hidden): ${keys}`] : [];
}

function smsProviderProblems(config: ParsedConfig): string[] {
  if (config.SMS_PROVIDER === 'webhook' && !config.SMS_WEBHOOK_URL) {
    return ['SMS_WEBHOOK_URL=unset: required when SMS_PROVIDER=webhook'];
  }
  if (config.SMS_PROVIDER === 'twilio') {
    const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const).filter((k) => !config[k]);
    return missing.map((k) => `${k}=unset: required when SMS_PROVIDER=twilio`);
  }
  return [];
}

function isSecretName(name: string): boolean {
  return /SECRET|PASSWORD|TOKEN|_KEYS$|_URL$/.test(name);
}
