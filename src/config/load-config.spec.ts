import { generateKeyPairSync } from 'node:crypto';
import { parseConfig } from './load-config.js';

const signingKey = () =>
  JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }));

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(5000);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.RATE_LIMIT_ENABLED).toBe(true);
    expect(c.AUTH_REQUIRE_VERIFICATION).toBe(true);
    expect(c.ACCESS_TOKEN_TTL).toBe(900);
    expect(c.REFRESH_TOKEN_TTL).toBe(604800);
    expect(c.CORS_ORIGINS).toEqual([]);
  });

  it('names the bad variable and what it accepts', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty": accepts a whole number from 0 to 65535/);
    expect(() => parseConfig({ RATE_LIMIT_ENABLED: 'maybe' })).toThrow(
      /RATE_LIMIT_ENABLED="maybe": accepts true or false/,
    );
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL=\(hidden\): accepts a URL starting with postgres:/,
    );
  });

  it('lists every bad variable at once', () => {
    try {
      parseConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as { problems: string[] }).problems).toHaveLength(2);
    }
  });

  it('refuses production without real JWT keys and secrets', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SIGNING_KEYS=unset/);
    const placeholder = 'change-me-change-me-change-me-change-me';
    expect(() =>
      parseConfig({
        NODE_ENV: 'production',
        JWT_SIGNING_KEYS: signingKey(),
        JWT_REFRESH_SECRET: placeholder,
        CODE_HASH_SECRET: `${placeholder}-2`,
      }),
    ).toThrow(/placeholder/);
    const ok = parseConfig({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mail.internal:587',
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: 'https://sms.internal/send',
      JWT_SIGNING_KEYS: signingKey(),
      JWT_REFRESH_SECRET: 'Zx8cV6bN4mL2kJ0hG9fD7sA5qW3eR1tY',
      CODE_HASH_SECRET: 'Vq3kX9pL2mN8rT5wY7zA1bC4dE6fG0hJ',
    });
    expect(ok.NODE_ENV).toBe('production');
  });

  it('puts metrics on a listener of their own: defaults, a port apart from the API, a real token (issue 15)', () => {
    const c = parseConfig({});
    expect([c.METRICS_PORT, c.METRICS_HOST, c.METRICS_TOKEN]).toEqual([9464, '0.0.0.0', undefined]);
    expect(() => parseConfig({ PORT: '9000', METRICS_PORT: '9000' })).toThrow(
      /METRICS_PORT=9000: must differ from PORT/,
    );
    expect(parseConfig({ PORT: '0', METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN=\(hidden\): accepts a token of at least 32 characters/,
    );
    const production = {
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mail.internal:587',
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: 'https://sms.internal/send',
      JWT_SIGNING_KEYS: signingKey(),
      JWT_REFRESH_SECRET: 'Zx8cV6bN4mL2kJ0hG9fD7sA5qW3eR1tY',
      CODE_HASH_SECRET: 'Vq3kX9pL2mN8rT5wY7zA1bC4dE6fG0hJ',
    };
    expect(() => parseConfig({ ...production, METRICS_TOKEN: 'change-me-metrics-token-0123456789' })).toThrow(
      /METRICS_TOKEN=\(hidden\): looks like a placeholder/,
    );
    expect(
      parseConfig({ ...production, METRICS_TOKEN: 'pR7vK2xQ9mL4nT8wZ1cB6dF3gH5jY0sA' }).METRICS_TOKEN,
    ).toHaveLength(32);
  });

  it('needs the webhook URL when SMS goes to a webhook', () => {
    expect(() => parseConfig({ SMS_PROVIDER: 'webhook' })).toThrow(/SMS_WEBHOOK_URL=unset/);
  });

  it('parses CORS origins', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => parseConfig({ CORS_ORIGINS: 'not an origin' })).toThrow(/CORS_ORIGINS/);
  });

  it('reads SIWE_DOMAINS as hosts with optional ports, and refuses URLs', () => {
    expect(parseConfig({}).SIWE_DOMAINS).toEqual([]);
    expect(parseConfig({ SIWE_DOMAINS: 'App.Example.com, localhost:3000,[::1]:8080' }).SIWE_DOMAINS).toEqual([
      'app.example.com',
      'localhost:3000',
      '[::1]:8080',
    ]);
    for (const bad of ['https://app.example.com', 'app.example.com/login', 'a b', 'user@host', 'app.example.com,'])
      expect(() => parseConfig({ SIWE_DOMAINS: bad })).toThrow(/SIWE_DOMAINS/);
  });

  it("reads TRUST_PROXY as nothing, a hop count or the proxies' ranges, and names it when it is none of them", () => {
    expect(parseConfig({}).TRUST_PROXY).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toEqual({ kind: 'none' });
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 2, fromTrue: false });
    expect(parseConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 1, fromTrue: true });
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,fd00::/8,::ffff:10.1.1.1' }).TRUST_PROXY).toEqual({
      kind: 'proxies',
      ranges: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
        { address: 'fd00::', prefix: 8, family: 'ipv6' },
        { address: '10.1.1.1', prefix: 32, family: 'ipv4' },
      ],
    });
    for (const bad of ['yes', '11', '10.0.0.0/33', '0.0.0.0/0', '::/0', '10.0.0.0/8,', 'proxy.internal']) {
      expect(() => parseConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY=".*": accepts false, a hop count/);
    }
  });

  it('refuses TRUST_PROXY=true in production with one line naming it', () => {
    const secrets = {
      JWT_SIGNING_KEYS: signingKey(),
      JWT_REFRESH_SECRET: 'Zx8cV6bN4mL2kJ0hG9fD7sA5qW3eR1tY',
      CODE_HASH_SECRET: 'Vq3kX9pL2mN8rT5wY7zA1bC4dE6fG0hJ',
      // Real delivery, which production also requires.
      SMTP_URL: 'smtp://mail.example.com:587',
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: 'https://sms.example.com/send',
    };
    expect(() => parseConfig({ NODE_ENV: 'production', ...secrets, TRUST_PROXY: 'true' })).toThrow(
      "TRUST_PROXY=true trusts every hop; set a hop count or the proxies' CIDRs",
    );
    expect(parseConfig({ NODE_ENV: 'production', ...secrets, TRUST_PROXY: '1' }).TRUST_PROXY).toEqual({
      kind: 'hops',
      hops: 1,
      fromTrue: false,
    });
  });

  it('caps account creation per IP at 10 an hour unless told otherwise', () => {
    expect(parseConfig({}).ACCOUNT_CREATION_PER_IP_HOURLY).toBe(10);
    expect(parseConfig({ ACCOUNT_CREATION_PER_IP_HOURLY: '3' }).ACCOUNT_CREATION_PER_IP_HOURLY).toBe(3);
    expect(() => parseConfig({ ACCOUNT_CREATION_PER_IP_HOURLY: '0' })).toThrow(/ACCOUNT_CREATION_PER_IP_HOURLY="0"/);
  });
});
