import { startTestApp, stopWithMail, startWithMail, type TestApp, type TestResponse } from './support/app.js';
import { bearer, login, registerVerified, PASSWORD } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';
import { loadOpenApi, operations, sampleOf, type Operation } from './support/openapi-schema.js';
import { answeredStatuses, checkResponse } from './support/response-contract.js';

interface RawResponse {
  content?: Record<string, { schema?: { $ref?: string }; examples?: Record<string, { value: unknown }> }>;
}

/** The seed's `error` label of each status (src/common/errors/error-envelope.ts). */
const LABELS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  429: 'Rate Limit Exceeded',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * One request per documented status where this file can cause it, each answer checked against the spec by the
 * response-validation net (test/support/response-contract.ts); then every documented status of every operation
 * must have been answered here or be listed in CANNOT with the reason.
 */
const doc = loadOpenApi();
const ops = operations(doc);
const key = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

/** Statuses this file does not cause, and why (a rule per status; `ops` narrows it to some operations). */
const CANNOT: Array<{ status: number; ops?: RegExp; because: string }> = [
  ...[200, 201].map((status) => ({
    status,
    because:
      'this file causes the errors; the success answers are exercised by the suite of each API (test/auth-*, ' +
      'test/loans, test/partner, test/access, test/platform, …) under the same response-validation net',
  })),
  { status: 500, because: 'no route has a known failure; INTERNAL is what an unexpected error answers' },
  {
    status: 503,
    because:
      'needs a database outage or a shutting-down server (test/outages, test/database-outage, test/shutdown); ' +
      "the health routes' 503 needs the database down",
  },
  {
    status: 429,
    ops: /^(?!POST \/api\/auth\/login$)/,
    because:
      'each route has its own limit (up to 6000 a minute); the limiter is shared code, answered here on POST ' +
      '/api/auth/login and per route in test/abuse-limits; the code and quota 429s need their windows filled ' +
      '(test/auth-codes, test/abuse-endorsements, test/partner)',
  },
  {
    status: 403,
    ops: /^(GET|DELETE|POST|PATCH) \/api\/(?!admin\/|credit\/calculate-score|auth\/login|v1\/auth\/login\/basic)/,
    because:
      'AUTH.ACCOUNT_INACTIVE needs an admin to suspend the caller and the domain 403s need their state (a ' +
      'suspended handle, an unverified endorser): test/access, test/partner, test/abuse-endorsements',
  },
  {
    status: 409,
    ops: /^(?!POST \/api\/loans\/\{id\}\/cancel$|POST \/api\/auth\/register$)/,
    because: 'each conflict needs its earlier state (a used challenge, a verified email): test/partner, test/auth-*',
  },
  {
    status: 422,
    because: 'an Idempotency-Key reused with another body: test/loans',
  },
  {
    status: 404,
    ops: /^(POST \/api\/reputation\/endorsements$|DELETE \/api\/reputation\/endorsements$)/,
    because: 'the body names a Credo ID, looked up only for a caller allowed to endorse: test/abuse-endorsements',
  },
  {
    status: 401,
    ops: /^POST \/api\/v1\/auth\/(verify|login\/passwordless\/confirm)\/$/,
    because: 'a link or code sign-in for a suspended account: test/auth-codes',
  },
  {
    status: 423,
    ops: /^POST \/api\/v1\/auth\/login\/basic\/$/,
    because: 'the same lock as POST /api/auth/login, answered there',
  },
];

function cannot(op: Operation, status: number): string | undefined {
  return CANNOT.find((c) => c.status === status && (!c.ops || c.ops.test(key(op))))?.because;
}

/** The request path below /api, with each path parameter filled. */
const pathOf = (op: Operation, fill = 'x') => op.path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, fill);

describe('every documented status (openapi.json)', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const adminEmail = `admin-${Date.now()}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let admin: string;
  let user: { email: string; token: string; refresh: string };
  let client: string;

  beforeAll(async () => {
    // Limits off here: in a shared Redis (CI's PostgreSQL + Redis pass) this suite's many logins from 127.0.0.1
    // would spend the login limit of every suite running beside it. The 429 has an app of its own below.
    app = await startWithMail(mail, {
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      RATE_LIMIT_ENABLED: 'false',
    });
    admin = (await login(app, adminEmail, adminPassword)).access;
    const account = await registerVerified(app, mail);
    const tokens = await login(app, account.email);
    user = { email: account.email, token: tokens.access, refresh: tokens.refresh };
    const partner = await app.request('/admin/partners', {
      method: 'POST',
      headers: bearer(admin),
      json: { name: 'Statuses Lending' },
    });
    expect(partner.status).toBe(201);
    client = partner.body.data.client_id as string;
  });
  afterAll(() => stopWithMail(app, mail));

  const send = (op: Operation, init: RequestInit & { json?: unknown } = {}, fill = 'x'): Promise<TestResponse> =>
    app.request(pathOf(op, fill), { method: op.method, ...init });
  const documents = (op: Operation, status: number) => op.responses.has(status);
  const tokenFor = (op: Operation) => (op.path.startsWith('/api/admin/') ? admin : user.token);
  const credentials = (op: Operation): Record<string, string> =>
    op.security === 'client'
      ? { authorization: `client ${client}` }
      : op.security === 'bearer'
        ? bearer(tokenFor(op))
        : {};

  describe('statuses any operation of its kind answers', () => {
    it.each(ops.filter((op) => op.security === 'bearer').map((op) => [key(op), op] as const))(
      '401 without a token: %s',
      async (_name, op) => {
        const res = await send(op);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
      },
    );

    it.each(ops.filter((op) => op.security === 'client').map((op) => [key(op), op] as const))(
      '401 without a client id: %s',
      async (_name, op) => {
        const res = await send(op);
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 401,
          code: 'PARTNER.MISSING_CLIENT_ID',
        });
      },
    );

    it.each(ops.filter((op) => op.path.startsWith('/api/admin/')).map((op) => [key(op), op] as const))(
      '403 for a user without the role: %s',
      async (_name, op) => {
        const res = await send(op, { headers: bearer(user.token) });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN_ROLE' });
      },
    );

    it.each(ops.filter((op) => documents(op, 413)).map((op) => [key(op), op] as const))(
      '413 and 415 for a body too large or not JSON, 400 for malformed JSON: %s',
      async (_name, op) => {
        const big = await send(op, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ pad: 'x'.repeat(200_000) }),
        });
        expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'REQUEST.BODY_TOO_LARGE' });
        const text = await send(op, { headers: { 'content-type': 'text/plain' }, body: 'hello' });
        expect({ status: text.status, code: text.body.code }).toEqual({
          status: 415,
          code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        });
        const malformed = await send(op, { headers: { 'content-type': 'application/json' }, body: '{"a":' });
        expect({ status: malformed.status, code: malformed.body.code }).toEqual({
          status: 400,
          code: 'REQUEST.MALFORMED_JSON',
        });
      },
    );

    it.each(ops.filter((op) => documents(op, 414)).map((op) => [key(op), op] as const))(
      '414 for an over-long path parameter, 400 for a malformed one: %s',
      async (_name, op) => {
        const long = await send(op, {}, 'a'.repeat(300));
        expect({ status: long.status, code: long.body.code }).toEqual({ status: 414, code: 'REQUEST.PARAM_TOO_LONG' });
        const bad = await send(op, {}, '%zz');
        expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'REQUEST.BAD_URL' });
      },
    );

    it.each(
      ops
        .filter((op) => op.security !== 'none' && documents(op, 404) && op.path.includes('{'))
        .filter((op) => !cannot(op, 404))
        .map((op) => [key(op), op] as const),
    )('404 for an unknown id: %s', async (_name, op) => {
      const body = op.body ? sampleOf(doc, op.body.schema) : undefined;
      const res = await send(op, { headers: credentials(op), json: body }, '00000000000');
      expect(res.status).toBe(404);
    });

    it.each(
      ops
        .filter((op) => op.parameters.some((p) => p.in === 'query') && documents(op, 400))
        .map((op) => [key(op), op] as const),
    )('400 for a query parameter out of range: %s', async (_name, op) => {
      const param = op.parameters.find((p) => p.in === 'query')!;
      const res = await app.request(`${pathOf(op, '00000000000')}?${param.name}=%00not-valid`, {
        method: op.method,
        headers: credentials(op),
      });
      expect(res.status).toBe(400);
    });
  });

  describe('statuses of particular routes', () => {
    it('login: 401 for a wrong password, 423 once locked, 403 while unverified (both login routes)', async () => {
      const wrong = { email: user.email, password: 'Wrong-Pass-123!' };
      const first = await app.request('/auth/login', { method: 'POST', json: wrong });
      expect({ status: first.status, code: first.body.code }).toEqual({
        status: 401,
        code: 'AUTH.INVALID_CREDENTIALS',
      });
      const basic = await app.request('/v1/auth/login/basic/', {
        method: 'POST',
        json: { identifier: `${Date.now()}-nobody@example.com`, password: PASSWORD },
      });
      expect(basic.status).toBe(401);
      let last: TestResponse = first;
      for (let i = 0; i < 6 && last.status !== 423; i++) {
        last = await app.request('/auth/login', { method: 'POST', json: wrong });
      }
      expect({ status: last.status, code: last.body.code }).toEqual({ status: 423, code: 'AUTH.LOCKED' });

      const email = `${Date.now()}-unverified@example.com`;
      expect(
        (await app.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } })).status,
      ).toBe(201);
      for (const [path, json] of [
        ['/auth/login', { email, password: PASSWORD }],
        ['/v1/auth/login/basic/', { identifier: email, password: PASSWORD }],
      ] as const) {
        const res = await app.request(path, { method: 'POST', json });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'AUTH.UNVERIFIED' });
      }
      const again = await app.request('/auth/register', {
        method: 'POST',
        json: { email: user.email, password: PASSWORD },
      });
      expect(again.status).toBe(409);
    });

    it('wallet login: 401 for a signature that does not match', async () => {
      const address = '0x742d35Cc6634C0532925a3b844Bc454e4438f44e';
      // The message the server issued, so only the signature is wrong (a message it cannot read is a 400).
      const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${address}`);
      const res = await app.request('/v1/auth/login/wallet/', {
        method: 'POST',
        json: { wallet_address: address, message: nonce.body.message, signature: `0x${'11'.repeat(65)}` },
      });
      expect(res.status).toBe(401);
    });

    it('refresh (both routes): 401 for a token that is not one', async () => {
      const a = await app.request('/auth/refresh', { method: 'POST', json: { refresh_token: 'not.a.token' } });
      const b = await app.request('/v1/auth/token/refresh/', { method: 'POST', json: { refresh: 'not.a.token' } });
      expect([a.status, b.status]).toEqual([401, 401]);
      expect([a.body.code, b.body.code]).toEqual(['AUTH.INVALID_TOKEN', 'AUTH.INVALID_TOKEN']);
    });

    it('calculate-score: 403 for a wallet not linked to the caller', async () => {
      const res = await app.request('/credit/calculate-score', {
        method: 'POST',
        headers: bearer(user.token),
        json: { walletAddress: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' },
      });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'CREDIT.WALLET_NOT_LINKED' });
    });

    it('cancel: 409 for a loan already cancelled; an admin changing their own account: 403', async () => {
      const applied = await app.request('/loans/apply', {
        method: 'POST',
        headers: bearer(user.token),
        json: { loan_type: 'personal', requested_amount: 5000, requested_term_months: 24 },
      });
      expect(applied.status).toBe(201);
      const cancel = () =>
        app.request(`/loans/${applied.body.data.id}/cancel`, { method: 'POST', headers: bearer(user.token) });
      expect((await cancel()).status).toBe(200);
      const twice = await cancel();
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'LOAN.INVALID_STATE' });
      const me = await app.request('/v1/auth/me/', { headers: bearer(admin) });
      const own = await app.request(`/admin/users/${me.body.id}`, {
        method: 'PATCH',
        headers: bearer(admin),
        json: { role: 'user' },
      });
      expect({ status: own.status, code: own.body.code }).toEqual({ status: 403, code: 'USERS.OWN_ACCOUNT' });
    });
  });

  it("documents BlockAuth's paths in the seed's trailing-slash form, and the server answers both forms alike", async () => {
    const blockAuth = ops.filter((op) => op.path.startsWith('/api/v1/auth/'));
    expect(blockAuth.length).toBeGreaterThan(10);
    expect(blockAuth.filter((op) => !op.path.endsWith('/')).map(key)).toEqual([]);
    for (const op of blockAuth) {
      const init = {
        method: op.method,
        headers: { 'content-type': 'application/json' },
        body: op.method === 'GET' ? undefined : '{"a":',
      };
      const [withSlash, without] = [await send(op, init), await app.request(pathOf(op).replace(/\/$/, ''), init)];
      expect({ op: key(op), without: [without.status, without.body?.code] }).toEqual({
        op: key(op),
        without: [withSlash.status, withSlash.body?.code],
      });
    }
  });

  it('the limiter answers 429 in the envelope', async () => {
    // From an address of its own (told the way a proxy would), so a Redis shared with other suites never mixes
    // this flood into their counters.
    const limited = await startTestApp({ TRUST_PROXY: '1' });
    const ip = `10.${1 + (Date.now() % 250)}.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    try {
      let last: TestResponse | undefined;
      for (let i = 0; i < 7 && last?.status !== 429; i++) {
        last = await limited.request('/auth/login', {
          method: 'POST',
          headers: { 'x-forwarded-for': ip },
          json: { email: 'nobody@example.com', password: 'Wrong-Pass-123!' },
        });
      }
      expect({ status: last?.status, code: last?.body.code }).toEqual({ status: 429, code: 'RATE_LIMIT.EXCEEDED' });
    } finally {
      await limited.stop();
    }
  });

  it("documents each error status with its own examples: the status's label, a body the schema accepts", () => {
    const wrong: string[] = [];
    const raw = doc.paths as Record<string, Record<string, { responses: Record<string, RawResponse> }>>;
    for (const op of ops) {
      for (const [status, response] of Object.entries(raw[op.path][op.method.toLowerCase()].responses)) {
        const json = response.content?.['application/json'];
        // The error envelope's statuses (the health report's 503 is a report, not an error body).
        if (Number(status) < 400 || !json?.schema?.$ref?.endsWith('/ErrorResponseDto')) continue;
        // Examples of their own per status: one shared example (the schema's) read as the same body everywhere.
        const examples = Object.values(json.examples ?? {});
        if (!examples.length) wrong.push(`${key(op)} ${status}: no examples of its own`);
        for (const { value } of examples) {
          const body = value as { error: string; code: string };
          try {
            checkResponse(
              op.method,
              op.path,
              {
                status: Number(status),
                headers: new Headers({ 'content-type': 'application/json' }),
                body,
                text: JSON.stringify(body),
              },
              { record: false },
            );
          } catch (err) {
            wrong.push(`${key(op)} ${status} ${body.code}: ${(err as Error).message}`);
          }
          if (body.error !== LABELS[Number(status)]) wrong.push(`${key(op)} ${status} ${body.code}: "${body.error}"`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every documented status was answered above or is listed in CANNOT with the reason', () => {
    const missing: string[] = [];
    const needless: string[] = [];
    for (const op of ops) {
      const answered = answeredStatuses.get(key(op)) ?? new Set<number>();
      for (const status of op.responses.keys()) {
        const reason = cannot(op, status);
        if (!answered.has(status) && !reason) missing.push(`${key(op)} ${status}`);
        if (answered.has(status) && reason && status >= 400) needless.push(`${key(op)} ${status}`);
      }
    }
    expect({ missing, needless }).toEqual({ missing: [], needless: [] });
  });
});
