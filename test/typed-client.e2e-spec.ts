import { createClient, requestIdOf } from '@blockscore/client';
import { blockauthExample } from '../clients/typescript/examples/blockauth.js';
import { blockscoreExample } from '../clients/typescript/examples/blockscore.js';
import { credo360Example } from '../clients/typescript/examples/credo360.js';
import { startWithMail, stopWithMail, unique, type TestApp } from './support/app.js';
import { PASSWORD } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';

/**
 * The seeds' flows of all three APIs through the generated client (clients/typescript) only, against the real
 * app: every call below is typed from the committed openapi.json, so a path, a body or a response field the
 * document gets wrong fails here (at `npm run client:check`'s compile, or at run time).
 */
describe('typed client (clients/typescript) against a live server', () => {
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let app: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    // Limits off: in a shared Redis (CI's second pass) the flows' logins from 127.0.0.1 would spend the limits
    // of the suites beside it.
    app = await startWithMail(mail, {
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      OTP_HOURLY_LIMIT: '50',
      RATE_LIMIT_ENABLED: 'false',
    });
    baseUrl = new URL(app.url).origin;
  });
  afterAll(() => stopWithMail(app, mail));

  /** Seed 000's register and seed 003's confirm, through the client; returns an access token. */
  async function verifiedUser(): Promise<{ email: string; token: string }> {
    const api = createClient({ baseUrl });
    const email = `${unique('client')}@example.com`;
    const registered = await api.POST('/api/auth/register', { body: { email, password: PASSWORD } });
    expect(registered.response.status).toBe(201);
    const code = await mail.code(email);
    const confirmed = await api.POST('/api/v1/auth/signup/confirm/', { body: { identifier: email, code } });
    expect(confirmed.response.status).toBe(200);
    const login = await api.POST('/api/auth/login', { body: { email, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    return { email, token: login.data!.tokens.access_token };
  }

  it('BlockScore (seed 000): register, login, profile, score, history, loan terms, apply idempotently, logout', async () => {
    const api = createClient({ baseUrl });
    const email = `${unique('client')}@example.com`;
    const registered = await api.POST('/api/auth/register', { body: { email, password: PASSWORD } });
    expect(registered.response.status).toBe(201);
    expect(registered.data).toMatchObject({ success: true, user: { email } });
    const code = await mail.code(email);
    expect(
      (await api.POST('/api/v1/auth/signup/confirm/', { body: { identifier: email, code } })).response.status,
    ).toBe(200);

    // A token read at each call: the login through this same client sends none, every call after it sends it.
    const session: { token?: string } = {};
    const user = createClient({ baseUrl, token: () => session.token });
    const login = await user.POST('/api/auth/login', { body: { email, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    expect(login.data).toMatchObject({ success: true, user: { email } });
    session.token = login.data!.tokens.access_token;

    const profile = await user.GET('/api/profile');
    expect(profile.response.status).toBe(200);
    expect(profile.data!.data).toMatchObject({ id: registered.data!.user.id, email });
    expect(profile.data!.data.profile.handle).toMatch(/^\d{11}$/);

    const score = await user.POST('/api/credit/calculate-score', { body: { force_recalculation: false } });
    expect(score.response.status).toBe(200);
    expect(score.data!.data.credit_score_id).toMatch(/^cs_/);
    expect(score.data!.data.score).toBeGreaterThanOrEqual(300);
    expect(score.data!.data.score).toBeLessThanOrEqual(850);

    const history = await user.GET('/api/credit/history', { params: { query: { page: 1, per_page: 20 } } });
    expect(history.response.status).toBe(200);
    expect(history.data!.success).toBe(true);

    const terms = await user.POST('/api/loans/calculate', { body: { amount: 10000, rate: 5.5, term_months: 36 } });
    expect(terms.response.status).toBe(200);
    expect(terms.data!.data).toMatchObject({
      monthly_payment: 301.96,
      total_payment: 10870.56,
      total_interest: 870.56,
    });

    const apply = () =>
      user.POST('/api/loans/apply', {
        params: { header: { 'Idempotency-Key': `typed-client-${email}` } },
        body: {
          loan_type: 'personal',
          requested_amount: 10000,
          requested_term_months: 36,
          requested_rate: 5.5,
          application_data: { purpose: 'Debt consolidation', employment_status: 'employed' },
        },
      });
    const applied = await apply();
    expect(applied.response.status).toBe(201);
    expect(applied.data!.data.application_number).toMatch(/^LA-\d{4}-\d{6}$/);
    const again = await apply();
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data!.data.id).toBe(applied.data!.data.id);

    const loans = await user.GET('/api/loans');
    expect(loans.response.status).toBe(200);
    expect(JSON.stringify(loans.data)).toContain(applied.data!.data.id);

    expect((await user.POST('/api/auth/logout')).response.status).toBe(200);
    const after = await user.GET('/api/profile');
    expect(after.response.status).toBe(401);
    expect(after.error).toMatchObject({ success: false, error: 'Unauthorized' });
  });

  it('BlockAuth (seed 003): signup, OTP confirm, basic login, me, refresh, passwordless login', async () => {
    const api = createClient({ baseUrl });
    const email = `${unique('client')}@example.com`;
    const signup = await api.POST('/api/v1/auth/signup/', { body: { identifier: email, password: PASSWORD } });
    expect(signup.response.status).toBe(200);
    expect(signup.data).toEqual({ message: expect.any(String) });

    const confirm = await api.POST('/api/v1/auth/signup/confirm/', {
      body: { identifier: email, code: await mail.code(email) },
    });
    expect(confirm.response.status).toBe(200);

    const login = await api.POST('/api/v1/auth/login/basic/', { body: { identifier: email, password: PASSWORD } });
    expect(login.response.status).toBe(200);
    expect(login.data).toMatchObject({ access: expect.any(String), refresh: expect.any(String), user: { email } });

    const me = await createClient({ baseUrl, token: login.data!.access }).GET('/api/v1/auth/me/');
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ id: login.data!.user.id, email, is_verified: true });
    expect(me.data!.handle).toMatch(/^\d{11}$/);

    const refreshed = await api.POST('/api/v1/auth/token/refresh/', { body: { refresh: login.data!.refresh } });
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.data!.refresh).not.toBe(login.data!.refresh);

    const before = mail.count(email);
    const start = await api.POST('/api/v1/auth/login/passwordless/', {
      body: { identifier: email, method: 'email', verification_type: 'otp' },
    });
    expect(start.response.status).toBe(200);
    const done = await api.POST('/api/v1/auth/login/passwordless/confirm/', {
      body: { identifier: email, code: await mail.code(email, before) },
    });
    expect(done.response.status).toBe(200);
    expect(done.data!.user.id).toBe(login.data!.user.id);

    const wrong = await api.POST('/api/v1/auth/login/basic/', {
      body: { identifier: email, password: 'Wrong-Pass-1' },
    });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error).toMatchObject({ success: false, request_id: expect.any(String) });
  });

  it('Credo360 (seed 004): admin creates a partner, which challenges a user by passcode, validates it and reads the reputation', async () => {
    const adminLogin = await createClient({ baseUrl }).POST('/api/auth/login', {
      body: { email: adminEmail, password: adminPassword },
    });
    expect(adminLogin.response.status).toBe(200);
    const admin = createClient({ baseUrl, token: adminLogin.data!.tokens.access_token });
    const created = await admin.POST('/api/admin/partners', {
      body: { name: 'Acme Lending', contact: 'api@acme.example' },
    });
    expect(created.response.status).toBe(201);
    const clientId = created.data!.data.client_id;
    expect(clientId).toMatch(/^credo_/);

    const { email, token } = await verifiedUser();
    const handleId = (await createClient({ baseUrl, token }).GET('/api/profile')).data!.data.profile.handle;

    const requestId = unique('req');
    const partner = createClient({ baseUrl, partnerClientId: clientId, requestId });
    const methods = await partner.GET('/api/partner/auth/{id}', { params: { path: { id: handleId } } });
    expect(methods.response.status).toBe(200);
    expect(requestIdOf(methods.response)).toBe(requestId);
    expect(methods.data!.methods).toContain('passcode');

    const before = mail.count(email);
    const challenge = await partner.POST('/api/partner/auth/{id}', {
      params: { path: { id: handleId }, query: { method: 'passcode', delivery: 'email' } },
    });
    expect(challenge.response.status).toBe(201);
    expect(challenge.data).toMatchObject({ challengeId: expect.any(String), method: 'passcode' });
    const passcode = await mail.code(email, before);

    const validated = await partner.PATCH('/api/partner/auth/{id}', {
      params: { path: { id: challenge.data!.challengeId } },
      body: { response: passcode },
    });
    expect(validated.response.status).toBe(200);
    expect(validated.data).toEqual({ handleId });

    const profile = await partner.GET('/api/partner/users/{handleId}', { params: { path: { handleId } } });
    expect(profile.response.status).toBe(200);
    expect(profile.data!.handle).toMatchObject({ id: handleId });
    expect(profile.data!.reputation).toMatchObject({ score: expect.any(Number), quality: expect.any(String) });

    const rating = await partner.POST('/api/partner/users/{handleId}/ratings', {
      params: { path: { handleId } },
      body: { external_id: 'review-1', score: 5, review: 'Paid on time.' },
    });
    expect(rating.response.status).toBe(201);

    const stranger = createClient({ baseUrl, partnerClientId: 'credo_not-a-real-client', requestId });
    const refused = await stranger.GET('/api/partner/users/{handleId}', { params: { path: { handleId } } });
    expect(refused.response.status).toBe(401);
    expect(refused.error).toMatchObject({ success: false, request_id: requestId });
  });

  describe("the README's examples (clients/typescript/examples) run as shown", () => {
    it('BlockAuth, then BlockScore with the same account', async () => {
      const email = `${unique('example')}@example.com`;
      const account = await blockauthExample(baseUrl, email, PASSWORD, (to) => mail.code(to));
      expect(account.handle).toMatch(/^\d{11}$/);
      const loan = await blockscoreExample(baseUrl, email, PASSWORD);
      expect(loan).toMatchObject({ monthlyPayment: 301.96, applicationNumber: expect.stringMatching(/^LA-/) });
    });

    it('Credo360', async () => {
      const adminLogin = await createClient({ baseUrl }).POST('/api/auth/login', {
        body: { email: adminEmail, password: adminPassword },
      });
      const admin = createClient({ baseUrl, token: adminLogin.data!.tokens.access_token });
      const created = await admin.POST('/api/admin/partners', { body: { name: unique('Example Partner ') } });
      const { email, token } = await verifiedUser();
      const handleId = (await createClient({ baseUrl, token }).GET('/api/profile')).data!.data.profile.handle;
      const before = mail.count(email);
      const result = await credo360Example(baseUrl, created.data!.data.client_id, handleId, () =>
        mail.code(email, before),
      );
      expect(result.verified).toBe(handleId);
      expect(result.reputation).toMatchObject({ score: expect.any(Number) });
    });
  });
});
