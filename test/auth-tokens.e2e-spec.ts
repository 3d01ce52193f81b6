import { SignJWT, decodeJwt } from 'jose';
import type { JwtKeys } from '../src/auth/tokens/jwt-keys.js';
import { stopWithMail, startWithMail, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';
import { pastRefreshGrace } from './support/refresh-grace.js';

describe('tokens and sessions', () => {
  let app: TestApp;
  const mail = new MailCapture();

  beforeAll(async () => {
    app = await startWithMail(mail);
  });
  afterAll(() => stopWithMail(app, mail));

  const me = (token: string) => app.request('/v1/auth/me/', { headers: bearer(token) });

  it('issues access (900 s) and refresh (604800 s) tokens carrying sid, jti and typ', async () => {
    const account = await registerVerified(app, mail);
    const { access, refresh } = await login(app, account.email);
    const a = decodeJwt(access);
    const r = decodeJwt(refresh);
    expect(a).toMatchObject({ sub: account.id, typ: 'access', sid: expect.any(String), jti: expect.any(String) });
    expect(r).toMatchObject({ sub: account.id, typ: 'refresh', sid: a.sid });
    expect(a.exp! - a.iat!).toBe(900);
    expect(r.exp! - r.iat!).toBe(604800);
  });

  it('refuses tampered tokens: alg none, bad signature, expired, refresh used as access', async () => {
    const account = await registerVerified(app, mail);
    const { access, refresh } = await login(app, account.email);
    const claims = decodeJwt(access);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect((await me(none)).status).toBe(401);

    const [h, p, s] = access.split('.');
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.slice(-2) === 'AA' ? 'BB' : 'AA'}`;
    expect((await me(flipped)).status).toBe(401);

    const forged = await new SignJWT({ ...claims, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-secret-the-server-does-not-know-at-all'));
    expect((await me(forged)).status).toBe(401);

    // Signed with the server's own key, so that only the expiry is wrong.
    const signing = app.provider<JwtKeys>('JwtKeys').signingKey();
    const expired = await new SignJWT({ sid: claims.sid, typ: 'access' })
      .setProtectedHeader({ alg: 'ES256', kid: signing.kid })
      .setSubject(claims.sub!)
      .setJti('00000000-0000-4000-8000-000000000000')
      .setIssuer('blockscore')
      .setAudience('blockscore-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 2000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1000)
      .sign(signing.privateKey);
    const exp = await me(expired);
    expect(exp.status).toBe(401);
    expect(exp.body.code).toBe('AUTH.TOKEN_EXPIRED');

    expect((await me(refresh)).status).toBe(401);
    expect((await me(access)).status).toBe(200);
  });

  it('rotates refresh tokens and revokes the whole session when a spent one comes back', async () => {
    const account = await registerVerified(app, mail);
    const first = await login(app, account.email);
    const rotated = await app.request('/v1/auth/token/refresh/', { method: 'POST', json: { refresh: first.refresh } });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ access: expect.any(String), refresh: expect.any(String) });
    expect(rotated.body.refresh).not.toBe(first.refresh);

    // Past the grace period, a spent token is theft: the session dies with every token in it.
    await pastRefreshGrace(app, first.refresh);
    const reuse = await app.request('/v1/auth/token/refresh/', { method: 'POST', json: { refresh: first.refresh } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('AUTH.REFRESH_REUSED');
    expect((await me(rotated.body.access)).status).toBe(401);
    const next = await app.request('/v1/auth/token/refresh/', {
      method: 'POST',
      json: { refresh: rotated.body.refresh },
    });
    expect(next.status).toBe(401);
  }, 20000);

  it('lets exactly one of 20 parallel refreshes of one token win, and keeps the session', async () => {
    const account = await registerVerified(app, mail);
    const { refresh } = await login(app, account.email);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => app.request('/v1/auth/token/refresh/', { method: 'POST', json: { refresh } })),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(19);
    expect(results.filter((r) => r.status === 401).every((r) => r.body.code === 'AUTH.REFRESH_ALREADY_USED')).toBe(
      true,
    );
    expect((await me(winners[0].body.access)).status).toBe(200);
  });

  it('ends every session on password change', async () => {
    const account = await registerVerified(app, mail);
    const a = await login(app, account.email);
    const b = await login(app, account.email);
    const res = await app.request('/v1/auth/password/change/', {
      method: 'POST',
      headers: bearer(a.access),
      json: {
        old_password: account.password,
        new_password: 'Another-Strong-Pass-42',
        confirm_password: 'Another-Strong-Pass-42',
      },
    });
    expect(res.body).toEqual({ message: 'Password changed successfully.' });
    expect((await me(a.access)).status).toBe(401);
    expect((await me(b.access)).status).toBe(401);
    expect(
      (await app.request('/v1/auth/token/refresh/', { method: 'POST', json: { refresh: b.refresh } })).status,
    ).toBe(401);
    const relogin = await app.request('/v1/auth/login/basic/', {
      method: 'POST',
      json: { identifier: account.email, password: 'Another-Strong-Pass-42' },
    });
    expect(relogin.status).toBe(200);
  });

  it('refuses a password change with a wrong old password or mismatched confirmation', async () => {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const wrong = await app.request('/v1/auth/password/change/', {
      method: 'POST',
      headers: bearer(access),
      json: {
        old_password: 'nope-nope-1A!',
        new_password: 'Another-Strong-Pass-42',
        confirm_password: 'Another-Strong-Pass-42',
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('AUTH.WRONG_PASSWORD');
    const mismatch = await app.request('/v1/auth/password/change/', {
      method: 'POST',
      headers: bearer(access),
      json: {
        old_password: account.password,
        new_password: 'Another-Strong-Pass-42',
        confirm_password: 'Different-Strong-Pass-42',
      },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.details).toEqual([{ field: 'confirm_password', message: 'must equal new_password' }]);
  });

  it("answers GET /v1/auth/me/ in seed 003's shape", async () => {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const res = await me(access);
    expect(res.body).toEqual({
      id: account.id,
      email: account.email,
      phone: null,
      first_name: null,
      last_name: null,
      date_joined: expect.any(String),
      is_online: true,
      date_of_birth: null,
      bio: null,
      authentication_type: 'email',
      is_verified: true,
      wallet_address: null,
      handle: expect.stringMatching(/^\d{11}$/),
    });
  });

  it('never lets user A read or change user B through admin routes', async () => {
    const a = await registerVerified(app, mail);
    const b = await registerVerified(app, mail);
    const { access } = await login(app, a.email);
    expect((await app.request(`/admin/users/${b.id}`, { headers: bearer(access) })).status).toBe(403);
    const patch = await app.request(`/admin/users/${b.id}`, {
      method: 'PATCH',
      headers: bearer(access),
      json: { status: 'suspended' },
    });
    expect(patch.status).toBe(403);
  });
});

describe('admin', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const adminEmail = `admin-${Date.now()}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';

  beforeAll(async () => {
    app = await startWithMail(mail, {
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
  });
  afterAll(() => stopWithMail(app, mail));

  it('creates the first admin from ADMIN_EMAIL, who sets roles and KYC and suspends users at once', async () => {
    const admin = await login(app, adminEmail, adminPassword);
    const user = await registerVerified(app, mail);
    const session = await login(app, user.email);

    const kyc = await app.request(`/admin/users/${user.id}`, {
      method: 'PATCH',
      headers: bearer(admin.access),
      json: { kyc_status: 'approved', role: 'underwriter' },
    });
    expect(kyc.status).toBe(200);
    expect(kyc.body.data).toMatchObject({ kyc_status: 'approved', role: 'underwriter' });
    const profile = await app.request('/profile', { headers: bearer(session.access) });
    expect(profile.body.data.profile.kyc_status).toBe('approved');

    const suspend = await app.request(`/admin/users/${user.id}`, {
      method: 'PATCH',
      headers: bearer(admin.access),
      json: { status: 'suspended' },
    });
    expect(suspend.status).toBe(200);
    expect((await app.request('/profile', { headers: bearer(session.access) })).status).toBe(401);
    const relogin = await app.request('/auth/login', {
      method: 'POST',
      json: { email: user.email, password: user.password },
    });
    expect(relogin.status).toBe(403);

    expect((await app.request('/admin/users/not-a-uuid', { headers: bearer(admin.access) })).status).toBe(404);
    expect(
      (
        await app.request(`/admin/users/${user.id}`, {
          method: 'PATCH',
          headers: bearer(admin.access),
          json: { role: 'superuser' },
        })
      ).status,
    ).toBe(400);
  });
});
