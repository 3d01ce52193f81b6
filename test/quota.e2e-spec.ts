import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startTestApp, unique, type TestApp, type TestResponse } from './support/app.js';
import { bearer } from './support/auth-helpers.js';

/**
 * Issue 14, finding 2: a quota counts what a client spent. Replays of a stored idempotent answer and requests
 * refused by validation before any work are free, within a free budget as large as the limit, so a flood of
 * them is still refused; every other answer (a wrong password included) counts. Rate limits are on; each test
 * calls from client addresses of its own (random per run, so a Redis shared with other suites never mixes
 * counters), told to the app the way its proxy would (TRUST_PROXY=1).
 */

const octet = () => 1 + (randomBytes(1)[0] % 250);
const run = `${octet()}.${octet()}`;
let counter = 0;
const freshIp = () => `10.${run}.${++counter}`;
const from = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...extra });

const remaining = (res: TestResponse) => res.headers.get('x-ratelimit-remaining');

const adminEmail = `${unique('quota-admin')}@example.com`;
const adminPassword = 'Admin-Quota-Pass-42!';

describe('quotas count what a client spent (issue 14, finding 2)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      TRUST_PROXY: '1',
      AUTH_REQUIRE_VERIFICATION: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
  });
  afterAll(() => app?.stop());

  const post = (path: string, ip: string, json: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: from(ip, headers), json });

  /** A new wallet account's access token, signed in from an address of its own. */
  async function borrower(account = privateKeyToAccount(generatePrivateKey())): Promise<string> {
    const ip = freshIp();
    const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`, { headers: from(ip) });
    const message = nonce.body.message as string;
    const res = await post('/v1/auth/login/wallet/', ip, {
      wallet_address: account.address,
      message,
      signature: await account.signMessage({ message }),
    });
    expect(res.status).toBe(200);
    return res.body.access as string;
  }

  const personal = { loan_type: 'personal', requested_amount: 10000, requested_term_months: 36, requested_rate: 5.5 };

  it('answers four applies with one Idempotency-Key 201 with one application, spending the limit once', async () => {
    const token = await borrower();
    const key = unique('retry-');
    const answers: TestResponse[] = [];
    for (let i = 0; i < 4; i++)
      answers.push(await post('/loans/apply', freshIp(), personal, { ...bearer(token), 'idempotency-key': key }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(1);
    expect(answers.map((a) => a.headers.get('idempotent-replayed'))).toEqual([null, 'true', 'true', 'true']);
    expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['3', '3', '3', '3']);
    expect(answers.map(remaining)).toEqual(['2', '2', '2', '2']);
    // The next application spends the limit as usual.
    const next = await post('/loans/apply', freshIp(), { ...personal, loan_type: 'auto' }, bearer(token));
    expect(next.status).toBe(201);
    expect(remaining(next)).toBe('1');
    const last = await post('/loans/apply', freshIp(), { ...personal, loan_type: 'business' }, bearer(token));
    expect(last.status).toBe(201);
    expect(remaining(last)).toBe('0');
  });

  it('answers a retry over the limit with the application it made, within the free budget only', async () => {
    const token = await borrower();
    const key = unique('retry-');
    const first = await post('/loans/apply', freshIp(), personal, { ...bearer(token), 'idempotency-key': key });
    expect(first.status).toBe(201);
    for (const loan_type of ['auto', 'business'])
      expect((await post('/loans/apply', freshIp(), { ...personal, loan_type }, bearer(token))).status).toBe(201);
    // The limit is spent: a retry of an application already made is still answered (the client learns what became
    // of it), and spends nothing; a new application, or a key never used, waits.
    const retry = await post('/loans/apply', freshIp(), personal, { ...bearer(token), 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body.data.id).toBe(first.body.data.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(remaining(retry)).toBe('0');
    // Free answers have a budget as large as the limit (3): the same replay sent on and on is refused after it.
    const more = [];
    for (let i = 0; i < 3; i++)
      more.push((await post('/loans/apply', freshIp(), personal, { ...bearer(token), 'idempotency-key': key })).status);
    expect(more).toEqual([201, 201, 429]);
    const fresh = await post(
      '/loans/apply',
      freshIp(),
      { ...personal, loan_type: 'mortgage', requested_amount: 100000, requested_term_months: 120 },
      {
        ...bearer(token),
        'idempotency-key': unique('never-used-'),
      },
    );
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0);
    const unkeyed = await post('/loans/apply', freshIp(), personal, bearer(token));
    expect(unkeyed.status).toBe(429);
    // Another borrower's key is not this borrower's replay.
    const other = await borrower();
    const theirs = await post('/loans/apply', freshIp(), personal, { ...bearer(other), 'idempotency-key': key });
    expect(theirs.status).toBe(201);
    expect(theirs.body.data.id).not.toBe(first.body.data.id);
  });

  it('does not count applies refused by validation, malformed JSON included', async () => {
    const token = await borrower();
    const ip = freshIp();
    const refused = [
      await post('/loans/apply', ip, { ...personal, requested_amount: 'lots' }, bearer(token)),
      await post('/loans/apply', ip, {}, bearer(token)),
      await app.request('/loans/apply', {
        method: 'POST',
        headers: from(ip, { ...bearer(token), 'content-type': 'application/json' }),
        body: '{"loan_type":',
      }),
    ];
    expect(refused.map((r) => [r.status, r.body.code])).toEqual([
      [400, 'REQUEST.VALIDATION_FAILED'],
      [400, 'REQUEST.VALIDATION_FAILED'],
      [400, 'REQUEST.MALFORMED_JSON'],
    ]);
    // The two validation refusals counted against the user and were given back; the malformed body counted
    // against the IP (it was refused before authentication) and was given back too.
    expect(refused.map(remaining)).toEqual(['3', '3', '3']);
    const applied = await post('/loans/apply', ip, personal, bearer(token));
    expect(applied.status).toBe(201);
    expect(remaining(applied)).toBe('2');
  });

  it('still refuses a flood of invalid requests: free up to the limit, then counted, then 429', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    const left: (string | null)[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await post('/auth/login', ip, { email: 42 });
      statuses.push(res.status);
      left.push(remaining(res));
    }
    // Login allows 5 a minute: 5 free refusals, 5 counted ones, then the limit holds.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 429]);
    expect(left).toEqual(['5', '5', '5', '5', '5', '4', '3', '2', '1', '0', '0']);
  });

  it('counts a failed login (the password was checked) against the login limit', async () => {
    const ip = freshIp();
    const wrong = () =>
      post('/auth/login', ip, { email: `${unique('nobody')}@example.com`, password: 'Wrong-Pass-1!' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await wrong()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // A validation refusal is not a way around the spent limit.
    expect((await post('/auth/login', ip, { email: 42 })).status).toBe(429);
  });

  /** A new partner client with its own quota of `perMinute` requests, as its Authorization header. */
  async function partnerClient(perMinute: number): Promise<{ authorization: string }> {
    const ip = freshIp();
    const signIn = await post('/auth/login', ip, { email: adminEmail, password: adminPassword });
    expect(signIn.status).toBe(200);
    const created = await post(
      '/admin/partners',
      ip,
      { name: unique('Quota Partner '), rate_limit_per_minute: perMinute },
      bearer(signIn.body.tokens.access_token as string),
    );
    expect(created.status).toBe(201);
    return { authorization: `client ${created.body.data.client_id as string}` };
  }

  it("does not spend a partner client's own quota on validation refusals", async () => {
    const ip = freshIp();
    const client = await partnerClient(2);
    const handle = '12345678901';
    for (let i = 0; i < 2; i++) {
      const refused = await post(`/partner/users/${handle}/transactions`, ip, { amount: 'x' }, client);
      expect(refused.status).toBe(400);
    }
    // Two requests a minute: both still available.
    const reads = [
      await app.request(`/partner/users/${handle}`, { headers: from(ip, client) }),
      await app.request(`/partner/users/${handle}`, { headers: from(ip, client) }),
      await app.request(`/partner/users/${handle}`, { headers: from(ip, client) }),
    ];
    expect(reads.map((r) => r.status)).toEqual([404, 404, 429]);
    expect(reads[2].body.code).toBe('PARTNER.QUOTA_EXCEEDED');
  });

  it("does not spend a partner client's own quota or route limit on a replayed submission", async () => {
    const ip = freshIp();
    const wallet = privateKeyToAccount(generatePrivateKey());
    const token = await borrower(wallet);
    const handle = (await app.request('/v1/auth/me/', { headers: from(ip, bearer(token)) })).body.handle as string;
    // Four requests a minute: the challenge, its answer and the first submission spend three.
    const client = await partnerClient(4);
    const challenge = await post(`/partner/auth/${handle}?method=signature`, ip, undefined, client);
    expect(challenge.status).toBe(201);
    const nonce = challenge.body.validation.nonce as string;
    const answered = await app.request(`/partner/auth/${challenge.body.challengeId as string}`, {
      method: 'PATCH',
      headers: from(ip, client),
      json: { response: await wallet.signMessage({ message: nonce }) },
    });
    expect(answered.status).toBe(200);
    const tx = { external_id: unique('order-'), counterparty_id: 'buyer-1', amount: 12.5, currency: 'USD' };
    const submit = () => post(`/partner/users/${handle}/transactions`, ip, tx, client);
    const first = await submit();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(remaining(first)).toBe('599');
    const replays = [await submit(), await submit(), await submit()];
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replays.map((r) => r.headers.get('idempotent-replayed'))).toEqual(['true', 'true', 'true']);
    expect(replays.map((r) => r.body.id)).toEqual([first.body.id, first.body.id, first.body.id]);
    expect(replays.map(remaining)).toEqual(['599', '599', '599']);
    // The fourth is still there for a new submission, and then the quota is spent.
    const other = () => post(`/partner/users/${handle}/transactions`, ip, { ...tx, external_id: unique('o-') }, client);
    expect((await other()).status).toBe(201);
    const over = await other();
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('PARTNER.QUOTA_EXCEEDED');
  });
});
