import * as viemChains from 'viem/chains';
import { z } from 'zod';
import { parseTrustProxy } from './trust-proxy.js';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'accepts true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      message: `accepts a whole number from ${min} to ${max}`,
    })
    .transform(Number);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `accepts a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** Comma-separated entries, trimmed; positions matter (BLOCKCHAIN_RPC_URL lines up with CHAIN). */
const listOf = (v: string) => v.split(',').map((entry) => entry.trim());

/** An RFC 3986 authority without user info: a DNS name, IPv4 or [IPv6], optional port. */
const SIWE_DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const isViemChain = (name: string) => {
  const chain = (viemChains as Record<string, unknown>)[name];
  return typeof chain === 'object' && chain !== null && typeof (chain as { id?: unknown }).id === 'number';
};

/** Each entry a URL of `protocols`, or empty for "the default for that position". */
const urlList = (protocols: string[]) =>
  z.string().refine((v) => listOf(v).every((entry) => entry === '' || url(protocols).safeParse(entry).success), {
    message: `accepts a comma-separated list of URLs starting with ${protocols.map((p) => `${p}//`).join(' or ')} (empty entries use the chain's default)`,
  });

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/**
 * Every setting of DESIGN §4, validated at boot. Names are the environment variable names so that an
 * error message can point at exactly what to fix. `.env.example` mirrors this list.
 */
export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { message: 'accepts development, production or test' })
    .default('development'),
  PORT: int(5000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  // Prometheus metrics, on a listener of their own (never the API port); 0 picks a free port (tests).
  METRICS_PORT: int(9464, 0, 65535),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  METRICS_TOKEN: optional(
    z
      .string()
      .min(32, { message: 'accepts a token of at least 32 characters' })
      .regex(/^\S+$/, { message: 'accepts a token without spaces' }),
  ),
  APP_URL: url(['http:', 'https:']).default('http://localhost:5000'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:', 'pglite:'])),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  MIGRATIONS_RUN_AT_BOOT: bool(true),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  CHAIN: z
    .string()
    .superRefine((v, ctx) => {
      const names = listOf(v);
      const unknown = names.filter((name) => !isViemChain(name)).map((name) => name || '(empty)');
      const message = unknown.length
        ? `accepts viem chain names such as mainnet, or a list such as mainnet,polygon (unknown: ${unknown.join(', ')})`
        : new Set(names).size !== names.length
          ? 'names a chain twice'
          : null;
      if (message) ctx.addIssue({ code: 'custom', message });
    })
    .default('mainnet'),
  BLOCKCHAIN_RPC_URL: optional(urlList(['http:', 'https:'])),
  SMTP_URL: optional(url(['smtp:', 'smtps:'])),
  MAIL_FROM: z.string().min(3).default('BlockScore <no-reply@blockscore.local>'),
  SMS_PROVIDER: z
    .enum(['console', 'twilio', 'webhook'], { message: 'accepts console, twilio or webhook' })
    .default('console'),
  SMS_WEBHOOK_URL: optional(url(['http:', 'https:'])),
  TWILIO_ACCOUNT_SID: optional(z.string().min(1)),
  TWILIO_AUTH_TOKEN: optional(z.string().min(1)),
  TWILIO_FROM: optional(z.string().min(1)),
  TWILIO_API_URL: url(['http:', 'https:']).default('https://api.twilio.com'),
  MODEL_PATH: optional(z.string().min(1)),
  // Parsed in parseConfig, so that a bad key is listed with every other problem (signing-keys.ts).
  JWT_SIGNING_KEYS: optional(z.string()),
  JWT_REFRESH_SECRET: optional(z.string().min(32, { message: 'accepts a secret of at least 32 characters' })),
  CODE_HASH_SECRET: optional(z.string().min(32, { message: 'accepts a secret of at least 32 characters' })),
  ACCESS_TOKEN_TTL: int(900, 30, 86400),
  REFRESH_TOKEN_TTL: int(604800, 60, 31536000),
  REFRESH_REUSE_GRACE_MS: int(5000, 0, 60000),
  SESSION_CACHE_TTL_MS: int(5000, 0, 60000),
  RATE_LIMIT_ENABLED: bool(true),
  AUTH_REQUIRE_VERIFICATION: bool(true),
  AUTH_LOCKOUT_THRESHOLD: int(5, 1, 100),
  AUTH_LOCKOUT_SECONDS: int(900, 1, 86400),
  OTP_TTL_SECONDS: int(600, 10, 86400),
  OTP_RESEND_SECONDS: int(60, 0, 3600),
  OTP_HOURLY_LIMIT: int(5, 1, 1000),
  OTP_DELIVERY_HOURLY_LIMIT: int(10, 1, 1000),
  OUTBOX_POLL_MS: int(1000, 20, 60000),
  OUTBOX_MAX_ATTEMPTS: int(10, 1, 100),
  LINK_TTL_SECONDS: int(86400, 60, 604800),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      const parsed = parseTrustProxy(v);
      if (typeof parsed !== 'string') return parsed;
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }),
  ACCOUNT_CREATION_PER_IP_HOURLY: int(10, 1, 100000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'accepts fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .refine((v) => v === '' || v === '*' || v.split(',').every((o) => /^https?:\/\/[^\s/]+$/.test(o.trim())), {
      message: 'accepts * or a comma-separated list of origins like https://app.example.com',
    })
    .transform((v) => (v === '' ? [] : v === '*' ? ['*'] : v.split(',').map((o) => o.trim()))),
  // Hosts (host or host:port, as EIP-4361's domain) a SIWE message may name; empty: APP_URL's host and
  // CORS_ORIGINS' hosts.
  SIWE_DOMAINS: z
    .string()
    .default('')
    .refine((v) => v.trim() === '' || listOf(v).every((d) => SIWE_DOMAIN.test(d)), {
      message: 'accepts a comma-separated list of hosts such as app.example.com or localhost:3000 (no scheme, no path)',
    })
    .transform((v) => (v.trim() === '' ? [] : [...new Set(listOf(v).map((d) => d.toLowerCase()))])),
  ADMIN_EMAIL: optional(z.email({ message: 'accepts an e-mail address' })),
  ADMIN_PASSWORD: optional(z.string().min(8, { message: 'accepts a password of at least 8 characters' })),
  SHUTDOWN_TIMEOUT_MS: int(10000, 0, 120000),
  BACKGROUND_THREAD_NICE: int(5, 0, 19),
  CHAIN_SETTINGS_PATH: optional(z.string().min(1)),
  BLOCKCHAIN_TIMEOUT_MS: int(3000, 100, 3000),
  BLOCKCHAIN_RETRIES: int(2, 0, 5),
  BLOCKCHAIN_BREAKER_THRESHOLD: int(3, 1, 100),
  BLOCKCHAIN_BREAKER_COOLDOWN_MS: int(30000, 100, 3600000),
  BLOCKCHAIN_CACHE_TTL_SECONDS: int(300, 0, 300),
  BLOCKCHAIN_CACHE_SIZE: int(10000, 1, 1000000),
  BLOCKCHAIN_READ_BUDGET_MS: int(8000, 500, 60000),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
