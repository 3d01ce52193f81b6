import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migratedSnapshot } from './support/migrated-snapshot.js';
import { startTestApp, unique, type TestApp, type TestResponse } from './support/app.js';
import { bearer, PASSWORD } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';
import { pastRefreshGrace } from './support/refresh-grace.js';
import { redisAnswers, spareRedisUrl } from './support/redis-probe.js';
import { hitsDuring } from './support/session-cache.js';
import { newSigningKey } from './support/signing-keys.js';

/**
 * The Redis the rate limiter shares: REDIS_URL when set (as `.ci/run` does), else a local Redis on its
 * default port in a database no other suite uses by default, else none.
 */
async function sharedRedisUrl(): Promise<string | undefined> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const candidate = spareRedisUrl('multi-instance');
  return (await redisAnswers(candidate)) ? candidate : undefined;
}

const redisUrl = await sharedRedisUrl();
if (!redisUrl) {
  console.warn(
    'multi-instance: no REDIS_URL and no Redis answers on 127.0.0.1:6379, so the shared rate-limit case is ' +
      'SKIPPED (without Redis each instance counts for itself, by design). The database-backed cases still run.',
  );
}
const withRedis = redisUrl ? it : it.skip;

/** A documentation-range address (RFC 5737), unique per call, as the proxy in front of both instances reports it. */
function clientIp(): string {
  const [a, b] = randomBytes(2);
  return `203.0.${a}.${Math.max(1, b)}`;
}

type Instance = Pick<TestApp, 'request'>;

/** The same instance as seen by one client behind the load balancer (TRUST_PROXY=true on both). */
function from(app: TestApp, ip: string): Instance {
  return {
    request: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('x-forwarded-for', ip);
      return app.request(path, { ...init, headers });
    },
  };
}

/**
 * Two instances of the app on one PostgreSQL and one Redis, as behind a load balancer: whatever one
 * instance decides (a counted request, a logout, a spent token, nonce or code) holds on the other at once.
 */
describe('several instances behave as one', () => {
  let embedded: EmbeddedPostgres | null = null;
  let appA: TestApp;
  let appB: TestApp;
  const mail = new MailCapture();

  beforeAll(async () => {
    await mail.start();
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(null, 40, await migratedSnapshot());
      databaseUrl = embedded.url;
    }
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      SMTP_URL: mail.url,
      TRUST_PROXY: 'true',
      // Deployed instances share their keys and secrets; test instances would otherwise each generate their own.
      JWT_SIGNING_KEYS: (await newSigningKey()).setting,
      JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
      CODE_HASH_SECRET: randomBytes(48).toString('base64url'),
      // Without Redis no revocation reaches the other instance's session cache, so such a fleet runs without one
      // (README, "Sessions").
      SESSION_CACHE_TTL_MS: redisUrl ? undefined : '0',
    };
    // One after the other: the second finds the migrations applied by the first.
    appA = await startTestApp(env);
    appB = await startTestApp(env);
  }, 120_000);

  afterAll(async () => {
    await appA?.stop();
    await appB?.stop();
    await embedded?.stop();
    await mail.stop();
  });

  /** A verified account, registered on A and confirmed on B. */
  async function verifiedAccount(a: Instance, b: Instance): Promise<string> {
    const email = `${unique('mi')}@example.com`;
    const reg = await a.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } });
    expect(reg.status).toBe(201);
    const code = await mail.code(email);
    const confirm = await b.request('/v1/auth/signup/confirm/', { method: 'POST', json: { identifier: email, code } });
    expect(confirm.status).toBe(200);
    return email;
  }

  async function loginOn(instance: Instance, email: string): Promise<{ access: string; refresh: string }> {
    const res = await instance.request('/auth/login', { method: 'POST', json: { email, password: PASSWORD } });
    expect(res.status).toBe(200);
    return { access: res.body.tokens.access_token as string, refresh: res.body.tokens.refresh_token as string };
  }

  const me = (instance: Instance, access: string) => instance.request('/v1/auth/me/', { headers: bearer(access) });

  it('boots two instances on one database, each on its own port', async () => {
    expect(appA.url).not.toBe(appB.url);
    const [a, b] = await Promise.all([appA.request('/health/ready'), appB.request('/health/ready')]);
    for (const ready of [a, b]) {
      expect(ready.status).toBe(200);
      expect(ready.body.details.database.status).toBe('up');
      // Readiness gates on the database only (issue 15, on purpose): Redis shows in /api/health.
      expect(ready.body.details.redis).toBeUndefined();
    }
    if (redisUrl) {
      const health = await Promise.all([appA.request('/health'), appB.request('/health')]);
      expect(health.map((h) => h.body.services.redis)).toEqual(['up', 'up']);
    }
  });

  withRedis(
    'shares a rate limit: a burst of twice the login limit across both lets through only the limit',
    async () => {
      const ip = clientIp();
      const a = from(appA, ip);
      const b = from(appB, ip);
      // The counter is one: each instance sees the other's requests in X-RateLimit-Remaining.
      const login = (instance: Instance) =>
        instance.request('/auth/login', {
          method: 'POST',
          json: { email: `${unique('nobody')}@example.com`, password: 'Not-The-Password-1' },
        });
      const first = await login(a);
      const second = await login(b);
      expect(first.headers.get('x-ratelimit-limit')).toBe('5');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('4');
      expect(second.headers.get('x-ratelimit-remaining')).toBe('3');

      // A fresh client: 10 logins at once, alternating instances, against a limit of 5 per minute.
      const burstIp = clientIp();
      const instances = [from(appA, burstIp), from(appB, burstIp)];
      const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => login(instances[i % 2])));
      const limited = burst.filter((r) => r.status === 429);
      const through = burst.filter((r) => r.status !== 429);
      expect(through).toHaveLength(5);
      expect(limited).toHaveLength(5);
      expect(through.every((r) => r.status === 401)).toBe(true);
      for (const r of limited) {
        expect(r.body).toMatchObject({ success: false, error: 'Rate Limit Exceeded', code: 'RATE_LIMIT.EXCEEDED' });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
      }
      // Both instances refuse the next one too, and another client is not affected.
      expect((await login(instances[0])).status).toBe(429);
      expect((await login(instances[1])).status).toBe(429);
      expect((await login(from(appB, clientIp()))).status).toBe(401);
    },
  );

  it('refuses on B, at once, an access token whose session was logged out on A', async () => {
    const ip = clientIp();
    const a = from(appA, ip);
    const b = from(appB, ip);
    const email = await verifiedAccount(a, b);
    const { access } = await loginOn(a, email);
    expect((await me(b, access)).status).toBe(200);

    const logout = await a.request('/auth/logout', { method: 'POST', headers: bearer(access) });
    expect(logout.status).toBe(200);
    // Immediately after, no wait: nothing about a session is cached on B.
    const afterOnB = await me(b, access);
    expect(afterOnB.status).toBe(401);
    expect(afterOnB.body).toMatchObject({ success: false, code: 'AUTH.SESSION_REVOKED' });
    expect((await b.request('/profile', { headers: bearer(access) })).status).toBe(401);
    expect((await me(a, access)).status).toBe(401);
  });

  withRedis('refuses on B within 100 ms a token B was answering from its session cache, logged out on A', async () => {
    const ip = clientIp();
    const a = from(appA, ip);
    const b = from(appB, ip);
    const email = await verifiedAccount(a, b);
    const { access } = await loginOn(a, email);
    expect((await me(b, access)).status).toBe(200);
    expect(await hitsDuring(appB, async () => expect((await me(b, access)).status).toBe(200))).toBe(1);

    expect((await a.request('/auth/logout', { method: 'POST', headers: bearer(access) })).status).toBe(200);
    const loggedOut = performance.now();
    let res = await me(b, access);
    while (res.status === 200 && performance.now() - loggedOut < 1000) res = await me(b, access);
    expect(performance.now() - loggedOut).toBeLessThan(100);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.SESSION_REVOKED');
  });

  it('detects refresh-token reuse across instances: raced within the 5 s grace, theft after it (session revoked)', async () => {
    const ip = clientIp();
    const a = from(appA, ip);
    const b = from(appB, ip);
    const email = await verifiedAccount(a, b);
    const first = await loginOn(a, email);

    const rotated = await a.request('/auth/refresh', { method: 'POST', json: { refresh_token: first.refresh } });
    expect(rotated.status).toBe(200);
    const second = {
      access: rotated.body.tokens.access_token as string,
      refresh: rotated.body.tokens.refresh_token as string,
    };

    // Within the grace period the replay on B is refused as a race, and the session lives on.
    const raced = await b.request('/v1/auth/token/refresh/', { method: 'POST', json: { refresh: first.refresh } });
    expect(raced.status).toBe(401);
    expect(raced.body.code).toBe('AUTH.REFRESH_ALREADY_USED');
    expect((await me(b, second.access)).status).toBe(200);

    // Past it, the same replay on B is theft: B revokes the whole session, and A honours that at once.
    await pastRefreshGrace(appB, first.refresh);
    const reused = await b.request('/auth/refresh', { method: 'POST', json: { refresh_token: first.refresh } });
    expect(reused.status).toBe(401);
    expect(reused.body).toMatchObject({ success: false, code: 'AUTH.REFRESH_REUSED' });
    expect((await me(a, second.access)).status).toBe(401);
    expect((await me(b, first.access)).status).toBe(401);
    const heir = await a.request('/auth/refresh', { method: 'POST', json: { refresh_token: second.refresh } });
    expect(heir.status).toBe(401);
    // Another session of the same user is untouched.
    expect((await me(b, (await loginOn(b, email)).access)).status).toBe(200);
  }, 30_000);

  it('consumes a wallet nonce once: the same signed message sent to A and B at once logs in exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const ip = clientIp();
      const a = from(appA, ip);
      const b = from(appB, ip);
      const account = privateKeyToAccount(generatePrivateKey());
      const nonce = await (round % 2 ? b : a).request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`);
      expect(nonce.status).toBe(200);
      const message = nonce.body.message as string;
      const json = { wallet_address: account.address, message, signature: await account.signMessage({ message }) };
      const results = await Promise.all([
        a.request('/v1/auth/login/wallet/', { method: 'POST', json }),
        b.request('/v1/auth/login/wallet/', { method: 'POST', json }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
      const loser = results.find((r) => r.status === 401)!;
      expect(loser.body.code).toBe('AUTH.INVALID_NONCE');
      const winner = results.find((r) => r.status === 200)!;
      const who = await me(round % 2 ? a : b, winner.body.access as string);
      expect(who.body).toMatchObject({ authentication_type: 'wallet', wallet_address: account.address });
    }
  });

  it('consumes a sign-up OTP once: confirms of one code on A and B at once verify exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      const ip = clientIp();
      const a = from(appA, ip);
      const b = from(appB, ip);
      const email = `${unique('otp')}@example.com`;
      expect(
        (await (round % 2 ? b : a).request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } }))
          .status,
      ).toBe(201);
      const code = await mail.code(email);
      const confirm = (instance: Instance) =>
        instance.request('/v1/auth/signup/confirm/', { method: 'POST', json: { identifier: email, code } });
      const results: TestResponse[] = await Promise.all([confirm(a), confirm(b), confirm(a), confirm(b)]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 200);
      expect(losers.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([400, 'AUTH.INVALID_CODE']));
      // Verified once, for both: password login works on either.
      expect((await loginOn(round % 2 ? a : b, email)).access).toEqual(expect.any(String));
    }
  });
});
