import fc from 'fast-check';
import type { PasswordHasher } from '../src/auth/password/password-hasher.js';
import { startWithMail, unique, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { hostileCases, type HostileCase } from './support/hostile-arbitraries.js';
import { MailCapture } from './support/mail-capture.js';
import {
  loadOpenApi,
  operations,
  resolve,
  sampleOf,
  validateAgainst,
  type Operation,
  type Schema,
} from './support/openapi-schema.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';

/** Fixed so a failure reproduces; FUZZ_SEED overrides it to explore further. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_606);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

const doc = loadOpenApi();
const ops = operations(doc);
/** Status counts per operation, printed with FUZZ_REPORT=1 to see what the generated cases reach. */
const seen = new Map<string, Map<number, number>>();
const ERROR_KEYS = new Set(['success', 'error', 'code', 'message', 'request_id', 'details']);

interface Actor {
  id: string;
  email: string;
  access: string;
  handle: string;
}

/** Everything the fuzzer needs to send valid requests: real users, tokens, partner clients and ids. */
interface World {
  admin: string;
  /** The fuzzed user, and a second one to try to reach across to. */
  a: Actor;
  b: Actor;
  /** A user the admin routes act on (so the fuzzer never suspends or demotes its own callers). */
  target: Actor;
  loanA: string;
  loanB: string;
  scoreA: string;
  scoreB: string;
  partnerP: { id: string; clientId: string };
  partnerQ: { id: string; clientId: string };
  /** A partner the DELETE route may revoke. */
  partnerDoomed: { id: string; clientId: string };
  challengeP: string;
}

/** Whether a value has the JSON type a (resolved) schema asks for; null only where it is documented nullable. */
function valueFits(schema: Schema, value: unknown): boolean {
  const s = resolve(doc, schema.allOf?.[0] ?? schema);
  if (value === null) return schema.nullable === true || s.nullable === true;
  switch (s.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return s.properties ? typeof value === 'object' && !Array.isArray(value) : true;
  }
}

/** Problems with one answer; empty when it is acceptable for the request. */
function checkAnswer(op: Operation, c: HostileCase, res: RawResponse): string[] {
  const problems: string[] = [];
  const requestId = res.headers['x-request-id'];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (typeof requestId !== 'string' || !requestId) problems.push('no X-Request-Id header');
  if (c.expect && !c.expect.includes(res.status)) problems.push(`expected ${c.expect.join('|')}, got ${res.status}`);
  if (res.status >= 400) {
    const body = res.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      problems.push('error body is not a JSON object');
    } else {
      if (body.success !== false) problems.push('error body: success is not false');
      for (const key of ['error', 'code', 'message'] as const) {
        if (typeof body[key] !== 'string' || !body[key]) problems.push(`error body: ${key} is not a non-empty string`);
      }
      if (body.request_id !== requestId) problems.push(`error body: request_id ${String(body.request_id)} ≠ header`);
      const extra = Object.keys(body).filter((k) => !ERROR_KEYS.has(k));
      if (extra.length) problems.push(`error body: unexpected keys ${extra.join(',')}`);
      if (body.details !== undefined) {
        const ok =
          Array.isArray(body.details) &&
          body.details.every(
            (d: { field?: unknown; message?: unknown }) => typeof d.field === 'string' && typeof d.message === 'string',
          );
        if (!ok) problems.push('error body: details is not [{field, message}]');
      }
    }
  } else if (res.status >= 200 && res.status < 300) {
    if (!op.responses.has(res.status)) problems.push(`${res.status} is not a documented status`);
    const schema = op.responses.get(res.status);
    if (schema) {
      const errors = validateAgainst(doc, schema, res.body, { strict: true });
      if (errors.length) problems.push(`body does not match the documented schema: ${errors.slice(0, 5).join('; ')}`);
    }
  }
  return problems;
}

describe('hostile input, driven by openapi.json', () => {
  let app: TestApp;
  let origin: string;
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let world: World;

  async function actor(): Promise<Actor> {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const profile = await app.request('/profile', { headers: bearer(access) });
    return { id: account.id, email: account.email, access, handle: profile.body.data.profile.handle as string };
  }

  async function partner(): Promise<{ id: string; clientId: string }> {
    const res = await app.request('/admin/partners', {
      method: 'POST',
      headers: bearer(world.admin),
      json: { name: unique('Partner ') },
    });
    if (res.status !== 201) throw new Error(`partner: ${res.status} ${res.text}`);
    return { id: res.body.data.id as string, clientId: res.body.data.client_id as string };
  }

  async function applyLoan(token: string): Promise<string> {
    const res = await app.request('/loans/apply', {
      method: 'POST',
      headers: bearer(token),
      json: { loan_type: 'personal', requested_amount: 5000, requested_term_months: 24, requested_rate: 6.5 },
    });
    if (res.status !== 201) throw new Error(`apply: ${res.status} ${res.text}`);
    return res.body.data.id as string;
  }

  async function score(token: string): Promise<string> {
    const res = await app.request('/credit/calculate-score', { method: 'POST', headers: bearer(token), json: {} });
    if (res.status !== 200) throw new Error(`score: ${res.status} ${res.text}`);
    return res.body.data.credit_score_id as string;
  }

  /** Verifies `handle` for a partner through an e-mailed passcode, as a partner would. */
  async function verifyHandle(clientId: string, who: Actor): Promise<void> {
    const before = mail.count(who.email);
    const created = await app.request(`/partner/auth/${who.handle}?delivery=email`, {
      method: 'POST',
      headers: { authorization: `client ${clientId}` },
    });
    if (created.status !== 201) throw new Error(`challenge: ${created.status} ${created.text}`);
    const code = await mail.code(who.email, before);
    const res = await app.request(`/partner/auth/${created.body.challengeId}`, {
      method: 'PATCH',
      headers: { authorization: `client ${clientId}` },
      json: { response: code },
    });
    if (res.status !== 200) throw new Error(`validate: ${res.status} ${res.text}`);
  }

  beforeAll(async () => {
    app = await startWithMail(mail, {
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
    origin = new URL(app.url).origin;
    const admin = (await login(app, adminEmail, adminPassword)).access;
    world = { admin } as World;
    const [a, b, target] = await Promise.all([actor(), actor(), actor()]);
    Object.assign(world, { a, b, target });
    const [loanA, loanB, scoreA, scoreB, partnerP, partnerQ, partnerDoomed] = await Promise.all([
      applyLoan(a.access),
      applyLoan(b.access),
      score(a.access),
      score(b.access),
      partner(),
      partner(),
      partner(),
    ]);
    Object.assign(world, { loanA, loanB, scoreA, scoreB, partnerP, partnerQ, partnerDoomed });
    await verifyHandle(partnerP.clientId, a);
    const challenge = await app.request(`/partner/auth/${a.handle}?delivery=email`, {
      method: 'POST',
      headers: { authorization: `client ${partnerP.clientId}` },
    });
    world.challengeP = challenge.body.challengeId as string;
  });
  afterAll(async () => {
    if (process.env.FUZZ_REPORT) {
      const lines = [...seen].map(([op, counts]) => `${op}: ${[...counts].map(([s, n]) => `${s}×${n}`).join(' ')}`);
      console.info(`seed ${SEED}, ${RUNS} runs per operation\n${lines.join('\n')}`);
    }
    await app?.stop();
    await mail.stop();
  });

  /** Real values for every path parameter of an operation, so only the mutated part is wrong. */
  function pathParams(op: Operation): Record<string, string> {
    const p = op.path;
    if (p.startsWith('/api/admin/users/')) return { id: world.target.id };
    if (p.startsWith('/api/admin/partners/'))
      return { id: op.method === 'DELETE' ? world.partnerDoomed.id : world.partnerP.id };
    if (p.startsWith('/api/credit/scores/')) return { id: world.scoreA };
    if (p.includes('/loans/{id}')) return { id: world.loanA };
    if (p === '/api/partner/auth/{challengeId}') return { challengeId: world.challengeP };
    if (p.startsWith('/api/reputation/endorsements/')) return { handleId: world.b.handle };
    return { handleId: world.a.handle };
  }

  /** Valid credentials: the admin on admin routes, the fuzzed user elsewhere, partner P on client routes. */
  function auth(op: Operation): Record<string, string> {
    if (op.security === 'client') return { authorization: `client ${world.partnerP.clientId}` };
    if (op.security === 'bearer') return bearer(op.path.startsWith('/api/admin/') ? world.admin : world.a.access);
    return {};
  }

  /** Routes that end the caller's session when they succeed: a new session replaces it. */
  const endsSession = (op: Operation) => /\/logout$|\/password\/change$/.test(op.path);

  it('reads every operation from openapi.json', () => {
    expect(ops.length).toBeGreaterThan(40);
    for (const op of ops) expect(op.responses.size).toBeGreaterThan(0);
  });

  describe.each(ops.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', (_name, op) => {
    it(`answers ${RUNS} generated hostile requests without a 5xx, errors in the envelope, successes as documented`, async () => {
      const ctx = { doc, op, pathParams: pathParams(op), auth: auth(op) };
      const arbitrary = hostileCases(ctx);
      await fc.assert(
        fc.asyncProperty(arbitrary, async (c) => {
          const res = await rawRequest(origin, c);
          const counts = seen.get(`${op.method} ${op.path}`) ?? new Map<number, number>();
          seen.set(`${op.method} ${op.path}`, counts.set(res.status, (counts.get(res.status) ?? 0) + 1));
          if (endsSession(op) && res.status < 300) {
            world.a.access = (await login(app, world.a.email)).access;
            ctx.auth = auth(op);
          }
          const problems = checkAnswer(op, c, res);
          if (problems.length) {
            throw new Error(`${problems.join('\n')}\n  answer ${res.status}: ${res.text.slice(0, 400)}`);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== 'true' },
      );
    });
  });

  describe('every documented body field, one wrong value at a time', () => {
    const WRONG: unknown[] = [null, {}, [], [null], 0, -1, 1e300, '', ' ', true, 'x'.repeat(5_000)];

    it('answers without a 5xx and in the envelope for each field set to null, an object, an array, a number, a string', async () => {
      const failures: string[] = [];
      for (const op of ops.filter((o) => o.body)) {
        const schema = resolve(doc, op.body!.schema);
        const base = sampleOf(doc, op.body!.schema) as Record<string, unknown>;
        const fields: Array<[string[], Schema]> = Object.entries(schema.properties ?? {}).map(([k, v]) => [[k], v]);
        // One level down too: `location.country`, `privacy.show_age`…
        for (const [k, v] of Object.entries(schema.properties ?? {})) {
          const inner = resolve(doc, v.allOf?.[0] ?? v);
          for (const [ik, iv] of Object.entries(inner.properties ?? {})) fields.push([[k, ik], iv]);
        }
        for (const [path, fieldSchema] of fields) {
          for (const value of WRONG) {
            const body = structuredClone(base);
            if (path.length === 1) body[path[0]] = value;
            else body[path[0]] = { ...(sampleOf(doc, schema.properties![path[0]]) as object), [path[1]]: value };
            const c: HostileCase = {
              label: `${path.join('.')} = ${JSON.stringify(value).slice(0, 20)}`,
              method: op.method,
              path: op.path.replace(/\{(\w+)\}/g, (_, n: string) => pathParams(op)[n]),
              headers: { ...auth(op), 'content-type': 'application/json' },
              body: Buffer.from(JSON.stringify(body)),
            };
            const res = await rawRequest(origin, c);
            if (endsSession(op) && res.status < 300) world.a.access = (await login(app, world.a.email)).access;
            const problems = checkAnswer(op, c, res);
            // A wrong JSON type for a documented field is always a 400; null too, optional field or not (optional
            // means it may be left out, not that it may be null: no documented field is nullable).
            const wrongType = !valueFits(fieldSchema, value);
            if (wrongType && res.status !== 400 && res.status < 500) problems.push(`expected 400, got ${res.status}`);
            if (problems.length)
              failures.push(`${op.method} ${op.path} ${c.label}: ${problems.join('; ')} ${res.text.slice(0, 200)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('bodiless requests and content types', () => {
    const bodyless = () => ops.filter((op) => op.method !== 'GET' && !op.body && !op.path.endsWith('/logout'));

    it('accepts a request without a body on routes that take none, whatever Content-Type it names', async () => {
      expect(bodyless().length).toBeGreaterThan(0);
      for (const op of bodyless()) {
        for (const type of [undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
          const headers: Record<string, string> = { ...auth(op), 'content-length': '0' };
          if (type) headers['content-type'] = type;
          const res = await rawRequest(origin, {
            method: op.method,
            path: op.path.replace(/\{(\w+)\}/g, (_, n: string) => pathParams(op)[n]),
            headers,
          });
          expect({
            op: `${op.method} ${op.path}`,
            type,
            status: res.status < 500,
            noMedia: res.status !== 415,
          }).toEqual({
            op: `${op.method} ${op.path}`,
            type,
            status: true,
            noMedia: true,
          });
        }
      }
    });

    it('answers 415 in the envelope for a form body on a JSON route, and does not act on it', async () => {
      const res = await rawRequest(origin, {
        method: 'PATCH',
        path: '/api/profile',
        headers: { ...bearer(world.a.access), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'first_name=Formy',
      });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({
        success: false,
        error: 'Unsupported Media Type',
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        request_id: res.headers['x-request-id'],
      });
      const profile = await app.request('/profile', { headers: bearer(world.a.access) });
      expect(JSON.stringify(profile.body)).not.toContain('Formy');
    });

    it('answers headers over 16 KB (refused by the HTTP parser, before routing) with 431 in the envelope', async () => {
      const res = await rawRequest(origin, {
        method: 'GET',
        path: '/api/profile',
        headers: { ...bearer(world.a.access), 'x-filler': 'a'.repeat(20 * 1024) },
      });
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        success: false,
        error: 'Request Header Fields Too Large',
        code: 'REQUEST.HEADERS_TOO_LARGE',
        message: expect.stringContaining('16 KB'),
        request_id: res.headers['x-request-id'],
      });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}$/);
      // The next request on a new connection is served as usual.
      expect((await app.request('/profile', { headers: bearer(world.a.access) })).status).toBe(200);
    });
  });

  describe('OWASP API1: object-level authorization', () => {
    it("does not let user B read or cancel another user's loan", async () => {
      // A's own loan, untouched by the fuzzing above (which applies and cancels as A).
      const loan = await applyLoan((await actor()).access);
      const read = await app.request(`/loans/${loan}`, { headers: bearer(world.b.access) });
      expect(read.status).toBe(404);
      expect(read.body.request_id).toBe(read.headers.get('x-request-id'));
      const cancel = await app.request(`/loans/${loan}/cancel`, {
        method: 'POST',
        headers: bearer(world.b.access),
      });
      expect(cancel.status).toBe(404);
      const list = await app.request('/loans', { headers: bearer(world.b.access) });
      expect(JSON.stringify(list.body)).not.toContain(loan);
      const own = await app.request(`/loans/${world.loanB}`, { headers: bearer(world.b.access) });
      expect(own.status).toBe(200);
      const admin = await app.request(`/admin/loans/${loan}`, { headers: bearer(world.admin) });
      expect(admin.body.data.status).toBe('submitted');
    });

    it("does not let user B read user A's credit score", async () => {
      const res = await app.request(`/credit/scores/${world.scoreA}`, { headers: bearer(world.b.access) });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(world.a.id);
      const own = await app.request(`/credit/scores/${world.scoreB}`, { headers: bearer(world.b.access) });
      expect(own.status).toBe(200);
    });

    it("does not let partner Q validate partner P's challenge or submit data for a handle only P verified", async () => {
      const q = { authorization: `client ${world.partnerQ.clientId}` };
      const p = { authorization: `client ${world.partnerP.clientId}` };
      const before = mail.count(world.b.email);
      const created = await app.request(`/partner/auth/${world.b.handle}?delivery=email`, {
        method: 'POST',
        headers: p,
      });
      expect(created.status).toBe(201);
      const code = await mail.code(world.b.email, before);
      const stolen = await app.request(`/partner/auth/${created.body.challengeId}`, {
        method: 'PATCH',
        headers: q,
        json: { response: code },
      });
      expect(stolen.status).toBe(404);
      // The owner's challenge is untouched: the right code still verifies it for P.
      const owner = await app.request(`/partner/auth/${created.body.challengeId}`, {
        method: 'PATCH',
        headers: p,
        json: { response: code },
      });
      expect(owner.status).toBe(200);
      const submit = await app.request(`/partner/users/${world.a.handle}/ratings`, {
        method: 'POST',
        headers: q,
        json: { score: 5, external_id: unique('r') },
      });
      expect([403, 400]).toContain(submit.status);
      expect(submit.body.success).toBe(false);
    });
  });

  describe('OWASP API5: function-level authorization', () => {
    const adminOps = () => ops.filter((op) => op.path.startsWith('/api/admin/'));

    it('answers 403 to a plain user and 401 without a token on every admin route', async () => {
      expect(adminOps().length).toBeGreaterThan(5);
      for (const op of adminOps()) {
        const path = op.path.replace(/\{(\w+)\}/g, (_, n: string) => pathParams(op)[n]);
        const body = op.body ? Buffer.from('{}') : undefined;
        const json: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
        const user = await rawRequest(origin, {
          method: op.method,
          path,
          headers: { ...bearer(world.a.access), ...json },
          body,
        });
        const none = await rawRequest(origin, { method: op.method, path, headers: json, body });
        const partnerClient = await rawRequest(origin, {
          method: op.method,
          path,
          headers: { authorization: `client ${world.partnerP.clientId}`, ...json },
          body,
        });
        expect({
          op: `${op.method} ${op.path}`,
          user: user.status,
          none: none.status,
          partner: partnerClient.status,
        }).toEqual({
          op: `${op.method} ${op.path}`,
          user: 403,
          none: 401,
          partner: 401,
        });
        expect((user.body as { code: string }).code).toBeTruthy();
      }
      // Nothing changed: the target is still an ordinary active user, the doomed partner still active.
      const target = await app.request(`/admin/users/${world.target.id}`, { headers: bearer(world.admin) });
      expect(target.body.data).toMatchObject({ role: 'user', status: 'active' });
    });

    it('refuses user tokens on partner routes and partner clients on user routes', async () => {
      for (const op of ops.filter((o) => o.security !== 'none' && o.method === 'GET')) {
        const path = op.path.replace(/\{(\w+)\}/g, (_, n: string) => pathParams(op)[n]);
        const wrong =
          op.security === 'client' ? bearer(world.a.access) : { authorization: `client ${world.partnerP.clientId}` };
        const res = await rawRequest(origin, { method: op.method, path, headers: wrong });
        expect({ op: `${op.method} ${op.path}`, status: res.status }).toEqual({
          op: `${op.method} ${op.path}`,
          status: 401,
        });
      }
    });
  });

  describe('OWASP API3: mass assignment', () => {
    const privileged = {
      role: 'admin',
      status: 'active',
      is_verified: true,
      kyc_status: 'approved',
      credit_score: 850,
      approval_probability: 100,
    };

    it('refuses privileged fields on register and creates no account', async () => {
      for (const [key, value] of Object.entries(privileged)) {
        const email = `${unique('mass')}@example.com`;
        const res = await app.request('/auth/register', {
          method: 'POST',
          json: { email, password: 'SecurePass123!', [key]: value },
        });
        expect({ key, status: res.status }).toEqual({ key, status: 400 });
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(key);
        // The address is still free: nothing was stored.
        const again = await app.request('/auth/register', {
          method: 'POST',
          json: { email, password: 'SecurePass123!' },
        });
        expect(again.status).toBe(201);
        expect(again.body.user).not.toMatchObject({ role: 'admin' });
      }
    });

    it('refuses privileged fields on PATCH /api/profile and changes nothing', async () => {
      const before = await app.request('/profile', { headers: bearer(world.b.access) });
      for (const [key, value] of Object.entries(privileged)) {
        const res = await app.request('/profile', {
          method: 'PATCH',
          headers: bearer(world.b.access),
          json: { first_name: 'Mallory', [key]: value },
        });
        expect({ key, status: res.status }).toEqual({ key, status: 400 });
      }
      const after = await app.request('/profile', { headers: bearer(world.b.access) });
      expect(after.body).toEqual(before.body);
      const admin = await app.request(`/admin/users/${world.b.id}`, { headers: bearer(world.admin) });
      expect(admin.body.data).toMatchObject({ role: 'user', kyc_status: before.body.data.profile.kyc_status });
    });

    it('refuses privileged fields on loans/apply and files no application', async () => {
      const list = async () =>
        (await app.request('/loans', { headers: bearer(world.b.access) })).body.data.pagination.total as number;
      const count = await list();
      for (const [key, value] of Object.entries({ ...privileged, status: 'approved', approved_amount: 1e6 })) {
        const res = await app.request('/loans/apply', {
          method: 'POST',
          headers: bearer(world.b.access),
          json: { loan_type: 'personal', requested_amount: 1000, requested_term_months: 12, [key]: value },
        });
        expect({ key, status: res.status }).toEqual({ key, status: 400 });
      }
      expect(await list()).toBe(count);
    });
  });

  describe('OWASP API4: unbounded resource consumption', () => {
    const paged = () => ops.filter((op) => op.method === 'GET' && op.parameters.some((p) => p.name === 'per_page'));

    it('caps per_page at 100 and refuses page=10^12 on every paginated route', async () => {
      expect(paged().length).toBeGreaterThan(1);
      for (const op of paged()) {
        const headers = auth(op);
        const capped = await rawRequest(origin, { method: 'GET', path: `${op.path}?per_page=1000000`, headers });
        expect({ op: op.path, status: capped.status }).toEqual({ op: op.path, status: 200 });
        const body = capped.body as { data: { pagination: { per_page: number } } };
        expect(body.data.pagination.per_page).toBe(100);
        expect(checkAnswer(op, { label: 'cap', method: 'GET', path: op.path, headers }, capped)).toEqual([]);
        const far = await rawRequest(origin, { method: 'GET', path: `${op.path}?page=1000000000000`, headers });
        expect({ op: op.path, status: far.status }).toEqual({ op: op.path, status: 400 });
        expect((far.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain('page');
      }
    });

    it('answers a 1 MB password on every password-taking route within 1 s, without running argon2', async () => {
      const hasher = app.provider<PasswordHasher>('PasswordHasher');
      let runs = 0;
      const hash = hasher.hash.bind(hasher);
      const verify = hasher.verify.bind(hasher);
      hasher.hash = (p: string) => (runs++, hash(p));
      hasher.verify = (h: string | null, p: string) => (runs++, verify(h, p));
      try {
        const routes = ops.filter((op) => {
          const props = op.body ? Object.keys(resolve(doc, op.body.schema).properties ?? {}) : [];
          return props.some((p) => p.includes('password'));
        });
        expect(routes.length).toBeGreaterThanOrEqual(6);
        for (const op of routes) {
          const props = Object.keys(resolve(doc, op.body!.schema).properties ?? {});
          // 1 MB is past the body limit; 30 KB per password field stays inside it and meets maxLength.
          for (const size of [1024 * 1024, 30 * 1024]) {
            const huge = 'Aa1!'.repeat(size / 4);
            const body: Record<string, string> = { email: world.a.email, identifier: world.a.email };
            for (const p of props) if (p.includes('password')) body[p] = huge;
            const started = performance.now();
            const res = await rawRequest(origin, {
              method: op.method,
              path: op.path,
              headers: { ...auth(op), 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            const ms = performance.now() - started;
            expect({ op: op.path, size, status: res.status, fast: ms < 1000 }).toEqual({
              op: op.path,
              size,
              status: size > 100 * 1024 ? 413 : 400,
              fast: true,
            });
            expect((res.body as { request_id: string }).request_id).toBe(res.headers['x-request-id']);
          }
        }
        expect(runs).toBe(0);
      } finally {
        hasher.hash = hash;
        hasher.verify = verify;
      }
    });
  });
});
