import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { scrapeMetrics, startTestApp, unique, type TestApp, type TestResponse } from './support/app.js';
import { bearer, PASSWORD } from './support/auth-helpers.js';
import { outboxSettled } from './support/outbox.js';
import { MailCapture, SmsCapture } from './support/mail-capture.js';
import { pemSigningKey } from './support/signing-keys.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * Issue 10, findings 2 and 3: rate limits that a token, a partner client id, a fresh account or a forged
 * X-Forwarded-For entry could buy. Rate limits are on in every app here. Each test calls from client addresses of
 * its own (random per run, so a Redis shared with other suites never mixes counters), told to the app the way
 * its proxy would: TRUST_PROXY=1 and the address as the right-most X-Forwarded-For entry.
 */

const octet = () => 1 + (randomBytes(1)[0] % 250);
const run = `${octet()}.${octet()}`;
let counter = 0;
/** A client address nobody else uses: 10.<run>.<n>, n counting up. */
const freshIp = () => `10.${run}.${++counter}`;
const from = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });

const rateHeaders = (res: TestResponse) => ({
  limit: res.headers.get('x-ratelimit-limit'),
  remaining: res.headers.get('x-ratelimit-remaining'),
});

/** Distinct valid numbers: +1 415 555 xxxx from a random start. */
let phoneBase = 1000 + (randomBytes(2).readUInt16BE() % 7000);
const phone = () => `+1415555${phoneBase++}`;

/** A wallet login on `app` from `ip` (the first one of a wallet creates its account). */
async function walletLoginOn(
  app: TestApp,
  ip: string,
  account: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey()),
) {
  const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`, { headers: from(ip) });
  expect(nonce.status).toBe(200);
  const message = nonce.body.message as string;
  const res = await app.request('/v1/auth/login/wallet/', {
    method: 'POST',
    headers: from(ip),
    json: { wallet_address: account.address, message, signature: await account.signMessage({ message }) },
  });
  return { res, account };
}

const adminEmail = `${unique('abuse-admin')}@example.com`;
const adminPassword = 'Admin-Abuse-Pass-42!';

describe('abuse limits (TRUST_PROXY=1, rate limits on)', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const sms = new SmsCapture();

  beforeAll(async () => {
    await mail.start();
    await sms.start();
    app = await startTestApp({
      TRUST_PROXY: '1',
      SMTP_URL: mail.url,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: sms.url,
      AUTH_REQUIRE_VERIFICATION: 'false',
      OTP_HOURLY_LIMIT: '50',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await mail.stop();
    await sms.stop();
  });

  const post = (path: string, ip: string, json: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: from(ip, headers), json });

  const walletLogin = (ip: string, account?: PrivateKeyAccount) => walletLoginOn(app, ip, account);

  /** Access tokens of `n` new wallet accounts (made from an address of their own), live or logged out. */
  async function tokens(n: number, state: 'live' | 'logged out'): Promise<string[]> {
    const ip = freshIp();
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const { res } = await walletLogin(ip);
      expect(res.status).toBe(200);
      const access = res.body.access as string;
      if (state === 'logged out') {
        expect((await post('/auth/logout', ip, {}, bearer(access))).status).toBe(200);
        expect((await app.request('/v1/auth/me/', { headers: from(ip, bearer(access)) })).status).toBe(401);
      }
      out.push(access);
    }
    return out;
  }

  /** Spends `ip`'s login limit (5 a minute): five 401s, then the 429. */
  async function spendLoginLimit(ip: string) {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await post('/auth/login', ip, { email: `${unique('nobody')}@example.com`, password: 'Wrong-1' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  }

  /** A link request that passes validation and is refused after work (no nonce was issued for it): it counts. */
  const unsignedLink = {
    wallet_address: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
    // Seed 003's message, readable, for a nonce never issued and with no signature worth the name (an
    // unreadable message is refused as a 400 now).
    get message() {
      return (
        'Welcome to BlockAuth!\n\nPlease sign this message to authenticate with your wallet.\n\n' +
        `Wallet Address: ${this.wallet_address}\nNonce: neverissued0000\nTimestamp: ${Math.floor(Date.now() / 1000)}\n\n` +
        'This signature will be used to authenticate your account.'
      );
    },
    signature: '0x00',
  };

  const loginAttempt = (ip: string, headers: Record<string, string> = {}) =>
    post('/auth/login', ip, { email: `${unique('nobody')}@example.com`, password: 'Wrong-1' }, headers);

  describe('finding 2: rate limits keyed by any signed token', () => {
    it('keeps the 429 of a spent login limit when the request adds the bearer token of a live or a logged-out session', async () => {
      const [live] = await tokens(1, 'live');
      const [dead] = await tokens(1, 'logged out');
      const ip = freshIp();
      await spendLoginLimit(ip);
      for (const token of [live, dead, 'x.y.z']) {
        const res = await loginAttempt(ip, bearer(token));
        expect(res.status).toBe(429);
        expect(res.body).toMatchObject({ success: false, error: 'Rate Limit Exceeded', code: 'RATE_LIMIT.EXCEEDED' });
        expect(rateHeaders(res)).toEqual({ limit: '5', remaining: '0' });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    });

    it('counts a public or unmatched route by client IP even when the request carries a live token', async () => {
      const [live] = await tokens(1, 'live');
      const ip = freshIp();
      const first = await app.request('/no-such-route', { headers: from(ip) });
      expect(first.status).toBe(404);
      const withToken = await app.request('/no-such-route', { headers: from(ip, bearer(live)) });
      expect(withToken.status).toBe(404);
      expect(Number(withToken.headers.get('x-ratelimit-remaining'))).toBe(
        Number(first.headers.get('x-ratelimit-remaining')) - 1,
      );
      const nonce = (headers: Record<string, string>) =>
        app.request(`/v1/auth/wallet/nonce/?wallet_address=${privateKeyToAccount(generatePrivateKey()).address}`, {
          headers,
        });
      expect(rateHeaders(await nonce(from(ip)))).toEqual({ limit: '30', remaining: '29' });
      expect(rateHeaders(await nonce(from(ip, bearer(live))))).toEqual({ limit: '30', remaining: '28' });
    });

    it('answers logged-out, forged and missing tokens on a bearer route 401 against one IP bucket, then 429', async () => {
      const dead = await tokens(3, 'logged out');
      const ip = freshIp();
      const credentials = [...dead, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged', ...dead, undefined, ...dead];
      expect(credentials).toHaveLength(11);
      for (let i = 0; i < 10; i++) {
        const token = credentials[i];
        const res = await post('/profile/wallet', ip, {}, token ? bearer(token) : {});
        expect(res.status).toBe(401);
        // One counter for all of them, the route's 10 a minute: no token opened a bucket of its own.
        expect(rateHeaders(res)).toEqual({ limit: '10', remaining: String(9 - i) });
      }
      const over = await post('/profile/wallet', ip, {}, bearer(credentials[10]!));
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('RATE_LIMIT.EXCEEDED');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('counts a live session against its user, wherever it calls from, and not against the IP', async () => {
      const [live] = await tokens(1, 'live');
      const ip = freshIp();
      // The IP's own bucket for the route is spent by requests that failed authentication.
      for (let i = 0; i < 11; i++) await post('/profile/wallet', ip, {}, bearer('x.y.z'));
      const mine = await post('/profile/wallet', ip, unsignedLink, bearer(live));
      expect(mine.status).toBe(401); // authenticated and counted; the signature is then refused
      expect(rateHeaders(mine)).toEqual({ limit: '10', remaining: '9' });
      const elsewhere = await post('/profile/wallet', freshIp(), unsignedLink, bearer(live));
      expect(rateHeaders(elsewhere)).toEqual({ limit: '10', remaining: '8' });
    });

    it('counts a bearer request refused while its body is read against the IP, with the headers', async () => {
      const [live] = await tokens(1, 'live');
      const ip = freshIp();
      const malformed = await app.request('/profile/wallet', {
        method: 'POST',
        headers: from(ip, { ...bearer(live), 'content-type': 'application/json' }),
        body: '{"address":',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('REQUEST.MALFORMED_JSON');
      // Counted against the IP, then given back: a refusal before any work spends nothing (issue 14, finding 2).
      expect(rateHeaders(malformed)).toEqual({ limit: '10', remaining: '10' });
      expect(rateHeaders(await post('/profile/wallet', ip, {}))).toEqual({ limit: '10', remaining: '9' });
      // With the IP's bucket spent, a malformed body with the live token still answers from the IP's bucket.
      for (let i = 0; i < 9; i++) await post('/profile/wallet', ip, {});
      const spentIp = await app.request('/profile/wallet', {
        method: 'POST',
        headers: from(ip, { ...bearer(live), 'content-type': 'application/json' }),
        body: '{"address":',
      });
      expect(spentIp.status).toBe(400);
      expect(rateHeaders(spentIp)).toEqual({ limit: '10', remaining: '0' });
      // The user's own bucket is untouched.
      expect(rateHeaders(await post('/profile/wallet', freshIp(), unsignedLink, bearer(live)))).toEqual({
        limit: '10',
        remaining: '9',
      });
    });

    describe('partner client ids', () => {
      let clientId: string;
      beforeAll(async () => {
        const ip = freshIp();
        const signIn = await post('/auth/login', ip, { email: adminEmail, password: adminPassword });
        expect(signIn.status).toBe(200);
        const created = await post(
          '/admin/partners',
          ip,
          { name: unique('Abuse Partner '), contact: 'ops@partner.example' },
          bearer(signIn.body.tokens.access_token as string),
        );
        expect(created.status).toBe(201);
        clientId = created.body.data.client_id as string;
      });

      it('do not select a bucket on a public route: a spent login limit stays spent', async () => {
        const ip = freshIp();
        await spendLoginLimit(ip);
        const res = await loginAttempt(ip, { authorization: `client ${clientId}` });
        expect(res.status).toBe(429);
        expect(res.body.code).toBe('RATE_LIMIT.EXCEEDED');
      });

      it('count against the client once it authenticated, and unknown ones against the IP', async () => {
        const ip = freshIp();
        const known = await app.request('/partner/users/00000000000', {
          headers: from(ip, { authorization: `client ${clientId}` }),
        });
        expect(known.status).toBe(404);
        expect(rateHeaders(known)).toEqual({ limit: '600', remaining: '599' });
        const forged = () =>
          app.request('/partner/auth/00000000000', {
            method: 'POST',
            headers: from(ip, { authorization: `client credo_${randomBytes(32).toString('base64url')}` }),
          });
        for (let i = 0; i < 60; i++) {
          const res = await forged();
          expect([res.status, res.body.code, res.headers.get('x-ratelimit-remaining')]).toEqual([
            401,
            'PARTNER.UNKNOWN_CLIENT',
            String(59 - i),
          ]);
        }
        expect((await forged()).status).toBe(429);
      });
    });

    it('answers 9 SMS signups sent in one burst, each with its own token, with exactly 5 codes sent (5 a minute)', async () => {
      const live = await tokens(9, 'live');
      const ip = freshIp();
      const numbers = live.map(() => phone());
      const results = await Promise.all(
        numbers.map((identifier, i) =>
          post('/v1/auth/signup/', ip, { identifier, password: 'MySecretPassword123', method: 'sms' }, bearer(live[i])),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
      for (const r of results.filter((r) => r.status === 429)) expect(r.body.code).toBe('RATE_LIMIT.EXCEEDED');
      // Codes are sent after the reply (the outbox): wait for delivery before counting.
      await outboxSettled(app, numbers);
      expect(numbers.reduce((n, to) => n + sms.count(to), 0)).toBe(5);
    });
  });

  describe('finding 2: accounts are free (per-IP cap on account creation)', () => {
    const signup = (ip: string) =>
      post('/v1/auth/signup/', ip, { identifier: `${unique('cap')}@example.com`, password: 'MySecretPassword123' });
    const register = (ip: string, email = `${unique('cap')}@example.com`) =>
      post('/auth/register', ip, { email, password: PASSWORD });

    function expectCapRefusal(res: TestResponse) {
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({
        success: false,
        error: 'Rate Limit Exceeded',
        code: 'RATE_LIMIT.ACCOUNT_CREATION',
        request_id: expect.any(String),
      });
      expect(rateHeaders(res)).toEqual({ limit: '10', remaining: '0' });
      const now = Date.now() / 1000;
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(now);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(Math.ceil(now) + 3600);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }

    it('refuses the 11th new account from one IP, whichever path makes it, while an existing wallet still logs in', async () => {
      const existing = (await walletLogin(freshIp())).account;
      const ip = freshIp();
      const taken = `${unique('taken')}@example.com`;
      expect((await register(freshIp(), taken)).status).toBe(201);
      // Verified, the address is taken (an unverified claim would be released to the next sign-up).
      const code = await mail.code(taken);
      expect((await post('/v1/auth/signup/confirm/', freshIp(), { identifier: taken, code })).status).toBe(200);
      // A creation that fails spends nothing.
      expect((await register(ip, taken)).status).toBe(409);
      for (let i = 0; i < 4; i++) expect((await register(ip)).status).toBe(201);
      for (let i = 0; i < 3; i++) expect((await signup(ip)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await walletLogin(ip)).res.status).toBe(200);

      const eleventh = await walletLogin(ip);
      expectCapRefusal(eleventh.res);
      expectCapRefusal(await signup(ip));
      // No account was made for the refused wallet: from elsewhere, it is created now.
      expect((await walletLogin(freshIp(), eleventh.account)).res.status).toBe(200);

      const again = await walletLogin(ip, existing);
      expect(again.res.status).toBe(200);
      expect(again.res.body).toEqual({ access: expect.any(String), refresh: expect.any(String) });
    });

    it('lets exactly 10 of 15 accounts through when register, signup and wallet login race from one IP', async () => {
      const ip = freshIp();
      const wallets = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const account = privateKeyToAccount(generatePrivateKey());
          const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`, {
            headers: from(ip),
          });
          const message = nonce.body.message as string;
          return { wallet_address: account.address, message, signature: await account.signMessage({ message }) };
        }),
      );
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => register(ip)),
        ...Array.from({ length: 5 }, () => signup(ip)),
        ...wallets.map((json) => post('/v1/auth/login/wallet/', ip, json)),
      ]);
      const created = results.filter((r) => r.status === 200 || r.status === 201);
      const refused = results.filter((r) => r.status === 429);
      expect(created).toHaveLength(10);
      expect(refused).toHaveLength(5);
      for (const r of refused) expectCapRefusal(r);
    });

    it('counts an IPv6 client by its /64: new addresses inside it neither reset the login limit nor the cap', async () => {
      const net = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
      const statuses: number[] = [];
      for (let k = 1; k <= 6; k++) statuses.push((await loginAttempt(`${net}::${k}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      for (let k = 1; k <= 5; k++) expect((await register(`${net}:${k}::1`)).status).toBe(201);
      for (let k = 1; k <= 5; k++) expect((await signup(`${net}:${k}::2`)).status).toBe(200);
      expectCapRefusal((await walletLogin(`${net}:ffff::1`)).res);
      // Another /64 is another client.
      expect((await walletLogin(`2001:db8:ffff:${randomBytes(2).toString('hex')}::1`)).res.status).toBe(200);
    });
  });

  describe('finding 3: client IP from the left of X-Forwarded-For (TRUST_PROXY=1)', () => {
    it('keeps one client however the left-most X-Forwarded-For entry changes: 8 logins, 429 after the 5th', async () => {
      const client = freshIp();
      const statuses: number[] = [];
      for (let k = 1; k <= 8; k++) {
        const res = await post('/auth/login', `203.0.113.${k}, ${client}`, {
          email: `${unique('nobody')}@example.com`,
          password: 'Wrong-1',
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });
  });
});

/** A request sent from a chosen local address (the app listens on 127.0.0.1; the whole 127/8 reaches it). */
function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown },
): Promise<{ status: number }> {
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: init.method ?? 'GET',
        localAddress,
        agent: false,
        headers: { ...(init.headers ?? {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe("finding 3: TRUST_PROXY as a list of the proxies' addresses", () => {
  let app: TestApp;
  const lines: string[] = [];
  /** The proxy: 127.0.0.2 is listed; 127.0.0.1 is not. */
  const PROXY = '127.0.0.2';

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app = await startTestApp({ TRUST_PROXY: `${PROXY}, 10.0.0.0/8, fd00::/8`, LOG_LEVEL: 'info' }, { logStream });
  });
  afterAll(() => app?.stop());

  /** The client address the service logged for the request with this id. */
  function seenAs(requestId: string): string | undefined {
    for (const line of lines) {
      const entry = JSON.parse(line) as { request_id?: string; req?: { remoteAddress?: string } };
      if (entry.request_id === requestId && entry.req?.remoteAddress) return entry.req.remoteAddress;
    }
    return undefined;
  }

  it('takes the right-most address outside the list when a listed proxy connects, whatever the client wrote left of it', async () => {
    const client = `198.51.100.${octet()}`;
    const statuses: number[] = [];
    for (let k = 1; k <= 8; k++) {
      const id = `abuse-cidr-${k}-${randomBytes(4).toString('hex')}`;
      const res = await requestFrom(PROXY, `${app.url}/auth/login`, {
        method: 'POST',
        headers: { 'x-request-id': id, 'x-forwarded-for': `203.0.113.${k}, ${client}, 10.20.30.40` },
        json: { email: `${unique('nobody')}@example.com`, password: 'Wrong-1' },
      });
      statuses.push(res.status);
      expect(seenAs(id)).toBe(client);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('ignores X-Forwarded-For from a peer outside the list', async () => {
    const id = `abuse-direct-${randomBytes(4).toString('hex')}`;
    const res = await requestFrom('127.0.0.1', `${app.url}/health/live`, {
      headers: { 'x-request-id': id, 'x-forwarded-for': '198.51.100.9, 10.20.30.40' },
    });
    expect(res.status).toBe(200);
    expect(seenAs(id)).toBe('127.0.0.1');
  });
});

describe('finding 3: TRUST_PROXY=true', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SIGNING_KEYS: pemSigningKey(),
    JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
    CODE_HASH_SECRET: randomBytes(48).toString('base64url'),
    // Real delivery, which production also requires: the only problem left is the one under test.
    SMTP_URL: 'smtp://mail.example.com:587',
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: 'https://sms.example.com/send',
  };

  it('is refused at boot in production, naming the setting', () => {
    let error: unknown;
    try {
      loadConfig({ ...production, TRUST_PROXY: 'true' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "TRUST_PROXY=true trusts every hop; set a hop count or the proxies' CIDRs",
    ]);
    expect(loadConfig({ ...production, TRUST_PROXY: '1' }).env.TRUST_PROXY).toMatchObject({ kind: 'hops', hops: 1 });
  });
});

/**
 * The cap shared by instances through Redis, and kept (per instance, never open) while Redis is down. Needs
 * REDIS_URL (as `.ci/run` sets); skipped without it.
 */
const withRedis = process.env.REDIS_URL ? describe : describe.skip;
withRedis('account-creation cap across instances (Redis)', () => {
  let proxy: TcpProxy;
  let a: TestApp;
  let b: TestApp;
  const mail = new MailCapture();

  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL!);
    proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await proxy.start();
    await mail.start();
    const env = { TRUST_PROXY: '1', SMTP_URL: mail.url };
    const viaProxy = new URL(redis);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    a = await startTestApp({ ...env, REDIS_URL: viaProxy.toString() });
    b = await startTestApp({ ...env, REDIS_URL: redis.toString() });
  }, 240_000);
  afterAll(async () => {
    proxy?.up();
    await a?.stop();
    await b?.stop();
    await proxy?.stop();
    await mail.stop();
  });

  const register = (app: TestApp, ip: string) =>
    app.request('/auth/register', {
      method: 'POST',
      headers: from(ip),
      json: { email: `${unique('mi-cap')}@example.com`, password: PASSWORD },
    });
  const signup = (app: TestApp, ip: string) =>
    app.request('/v1/auth/signup/', {
      method: 'POST',
      headers: from(ip),
      json: { identifier: `${unique('mi-cap')}@example.com`, password: 'MySecretPassword123' },
    });
  const fallbacks = async (app: TestApp) => {
    const text = (await scrapeMetrics(app)).text;
    const m = /^rate_limit_store_fallback_total\{scope="account_creation",mode="per-instance"\} (\S+)$/m.exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('counts accounts made on either instance against one cap', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await register(a, ip)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await signup(b, ip)).status).toBe(200);
    // The 11th, on either: a wallet login (the register and signup routes are at their own 5 a minute).
    for (const app of [a, b]) {
      const { res } = await walletLoginOn(app, ip);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('RATE_LIMIT.ACCOUNT_CREATION');
    }
  });

  it('keeps refusing past the cap on an instance that lost Redis, counting for itself', async () => {
    const before = await fallbacks(a);
    proxy.down();
    try {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) expect((await register(a, ip)).status).toBe(201);
      for (let i = 0; i < 5; i++) expect((await signup(a, ip)).status).toBe(200);
      const { res } = await walletLoginOn(a, ip);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('RATE_LIMIT.ACCOUNT_CREATION');
      expect((await fallbacks(a)) - before).toBe(11);
    } finally {
      proxy.up();
    }
  });
});
