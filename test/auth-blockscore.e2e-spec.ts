import { stopWithMail, startWithMail, startTestApp, unique, type TestApp } from './support/app.js';
import { bearer, login, PASSWORD, registerVerified } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';

describe('BlockScore auth (seed 000)', () => {
  let app: TestApp;
  const mail = new MailCapture();

  beforeAll(async () => {
    app = await startWithMail(mail);
  });
  afterAll(() => stopWithMail(app, mail));

  it('runs the seed flow: register → confirm from the e-mail → login → profile → logout', async () => {
    const email = `${unique('seed')}@example.com`;
    const reg = await app.request('/auth/register', { method: 'POST', json: { email, password: 'SecurePass123!' } });
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({
      success: true,
      message: 'User registered successfully',
      user: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), email, status: 'pending', created_at: expect.any(String) },
    });

    const message = await mail.latest(email);
    expect(message.text).toMatch(/BlockScore/);
    expect(message.text).not.toMatch(/SecurePass123!/);

    const unverified = await app.request('/auth/login', {
      method: 'POST',
      json: { email, password: 'SecurePass123!' },
    });
    expect(unverified.status).toBe(403);
    expect(unverified.body.code).toBe('AUTH.UNVERIFIED');

    const code = await mail.code(email);
    const confirm = await app.request('/v1/auth/signup/confirm/', {
      method: 'POST',
      json: { identifier: email, code },
    });
    expect(confirm.body).toEqual({ message: 'Email verified successfully.' });

    const res = await app.request('/auth/login', { method: 'POST', json: { email, password: 'SecurePass123!' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: 'Login successful',
      user: { id: reg.body.user.id, email, status: 'active', last_login: expect.any(String) },
      tokens: { access_token: expect.any(String), refresh_token: expect.any(String) },
    });
    const token = res.body.tokens.access_token as string;

    const profile = await app.request('/profile', { headers: bearer(token) });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      success: true,
      data: {
        id: reg.body.user.id,
        email,
        status: 'active',
        created_at: reg.body.user.created_at,
        last_login: expect.any(String),
        profile: {
          wallet_address: null,
          full_name: null,
          kyc_status: 'not_started',
          credit_score: null,
          last_score_update: null,
          handle: expect.stringMatching(/^\d{11}$/),
        },
      },
    });

    const out = await app.request('/auth/logout', { method: 'POST', headers: bearer(token) });
    expect(out.body).toEqual({ success: true, message: 'Logout successful' });
    const after = await app.request('/profile', { headers: bearer(token) });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH.SESSION_REVOKED');
  });

  it('answers each broken password rule with its own message', async () => {
    const email = `${unique('weak')}@example.com`;
    const res = await app.request('/auth/register', { method: 'POST', json: { email, password: '1234567' } });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { message: string }) => d.message)).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
      'This password must contain an uppercase letter.',
      'This password must contain a lowercase letter.',
      'This password must contain a special character.',
    ]);
    const long = await app.request('/auth/register', {
      method: 'POST',
      json: { email, password: `Aa1!${'x'.repeat(200)}` },
    });
    expect(long.status).toBe(400);
    expect(long.body.details[0].field).toBe('password');
  });

  it('refuses a malformed e-mail, a missing field and a wrong type with details', async () => {
    const res = await app.request('/auth/register', { method: 'POST', json: { email: 'not-an-email', password: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('answers 409 for an e-mail that already exists, whatever its case', async () => {
    const account = await registerVerified(app, mail);
    const res = await app.request('/auth/register', {
      method: 'POST',
      json: { email: account.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('Conflict');
  });

  it('grants nothing through mass assignment', async () => {
    const email = `${unique('mass')}@example.com`;
    const reg = await app.request('/auth/register', {
      method: 'POST',
      json: { email, password: PASSWORD, role: 'admin', status: 'active', is_verified: true },
    });
    expect(reg.status).toBe(400);
    expect(reg.body.details).toEqual(
      expect.arrayContaining([{ field: 'role', message: 'role is not an accepted field' }]),
    );

    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const patch = await app.request('/profile', {
      method: 'PATCH',
      headers: bearer(access),
      json: { first_name: 'Eve', role: 'admin', kyc_status: 'approved' },
    });
    expect(patch.status).toBe(400);
    const admin = await app.request(`/admin/users/${account.id}`, { headers: bearer(access) });
    expect(admin.status).toBe(403);
  });

  it('updates the profile and shows it back', async () => {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const res = await app.request('/profile', {
      method: 'PATCH',
      headers: bearer(access),
      json: {
        full_name: 'Ada Lovelace',
        date_of_birth: '1990-12-10',
        bio: 'Analyst',
        location: { city: 'London', country: 'GB' },
        privacy: { show_last_name: true },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.profile).toMatchObject({
      full_name: 'Ada Lovelace',
      first_name: 'Ada',
      last_name: 'Lovelace',
      date_of_birth: '1990-12-10',
      bio: 'Analyst',
      privacy: { show_last_name: true },
    });
    const bad = await app.request('/profile', {
      method: 'PATCH',
      headers: bearer(access),
      json: { date_of_birth: '10/12/1990' },
    });
    expect(bad.status).toBe(400);

    // null removes what may be removed; where a value is required once set (first name, privacy flags), null is a 400.
    const cleared = await app.request('/profile', {
      method: 'PATCH',
      headers: bearer(access),
      json: { bio: null, date_of_birth: null, location: null, last_name: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data.profile).toMatchObject({
      full_name: 'Ada',
      last_name: null,
      date_of_birth: null,
      bio: null,
    });
    for (const json of [{ first_name: null }, { privacy: { show_last_name: null } }, { location: { country: null } }]) {
      const refused = await app.request('/profile', { method: 'PATCH', headers: bearer(access), json });
      expect({ json, status: refused.status }).toEqual({ json, status: 400 });
    }
    const after = await app.request('/profile', { headers: bearer(access) });
    expect(after.body.data.profile).toMatchObject({ full_name: 'Ada', privacy: { show_last_name: true } });
  });

  it('refreshes through /api/auth/refresh in the BlockScore shape', async () => {
    const account = await registerVerified(app, mail);
    const { refresh } = await login(app, account.email);
    const res = await app.request('/auth/refresh', { method: 'POST', json: { refresh_token: refresh } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      tokens: { access_token: expect.any(String), refresh_token: expect.any(String) },
    });
    expect((await app.request('/profile', { headers: bearer(res.body.tokens.access_token) })).status).toBe(200);
  });

  it('answers 401 for a wrong password and an unknown account alike', async () => {
    const account = await registerVerified(app, mail);
    const wrong = await app.request('/auth/login', {
      method: 'POST',
      json: { email: account.email, password: 'Wrong-pass-1' },
    });
    const unknown = await app.request('/auth/login', {
      method: 'POST',
      json: { email: `${unique('ghost')}@example.com`, password: 'Wrong-pass-1' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.code).toBe(unknown.body.code);
  });

  it('needs a bearer token on protected routes', async () => {
    const none = await app.request('/profile');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ success: false, error: 'Unauthorized' });
    const garbage = await app.request('/profile', { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(garbage.status).toBe(401);
  });
});

describe('login rate limit (seed 000: 5 per minute)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => app.stop());

  it('answers the 6th login within a minute with 429 and Retry-After', async () => {
    const headers = { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250)}` };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await app.request('/auth/login', {
        method: 'POST',
        headers,
        json: { email: `${unique('rl')}@example.com`, password: 'Whatever-1' },
      });
      statuses.push(res.status);
      if (i === 0) expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      if (i === 5) {
        expect(res.body.error).toBe('Rate Limit Exceeded');
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
