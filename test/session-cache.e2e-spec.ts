import { startTestApp, startWithMail, stopWithMail, unique, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';
import { pastRefreshGrace } from './support/refresh-grace.js';
import { hitsDuring, sessionLookups } from './support/session-cache.js';

/**
 * One instance (no Redis: revocations reach the cache in-process). A checked session is answered from the cache
 * afterwards, and every way a session ends or a user's standing changes empties it before the change is answered:
 * the first request after it is refused, never served from what was cached. Two instances on PostgreSQL and Redis:
 * test/multi-instance.e2e-spec.ts and test/session-broadcast.e2e-spec.ts.
 */
describe('session liveness cache, one instance', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let adminToken: string;

  beforeAll(async () => {
    // REDIS_URL is cleared: this file is about the in-process broadcast, on both CI passes.
    app = await startWithMail(mail, { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword, REDIS_URL: '' });
    adminToken = (await login(app, adminEmail, adminPassword)).access;
  });
  afterAll(() => stopWithMail(app, mail));

  const me = (token: string) => app.request('/v1/auth/me/', { headers: bearer(token) });

  /** A fresh account's token, checked once so that the next request is answered from the cache. */
  async function cachedSession() {
    const account = await registerVerified(app, mail);
    const tokens = await login(app, account.email);
    expect((await me(tokens.access)).status).toBe(200);
    expect(await hitsDuring(app, async () => expect((await me(tokens.access)).status).toBe(200))).toBe(1);
    return { ...account, ...tokens };
  }

  function expectRevoked(res: { status: number; body: Record<string, unknown> }, code = 'AUTH.SESSION_REVOKED') {
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ success: false, code });
  }

  it('answers a checked session from the cache, and refuses it at once after logout', async () => {
    const s = await cachedSession();
    expect((await app.request('/auth/logout', { method: 'POST', headers: bearer(s.access) })).status).toBe(200);
    const after = await me(s.access);
    expectRevoked(after);
  });

  it('refuses every cached session of a user at once after a password change', async () => {
    const s = await cachedSession();
    const other = await login(app, s.email);
    expect((await me(other.access)).status).toBe(200);
    const changed = await app.request('/v1/auth/password/change/', {
      method: 'POST',
      headers: bearer(s.access),
      json: { old_password: s.password, new_password: 'Another-Pass-92!x', confirm_password: 'Another-Pass-92!x' },
    });
    expect(changed.status).toBe(200);
    expectRevoked(await me(other.access));
    expectRevoked(await me(s.access));
  });

  it("refuses a suspended user's cached session at once, and takes a demoted admin's role at once", async () => {
    const s = await cachedSession();
    const suspend = await app.request(`/admin/users/${s.id}`, {
      method: 'PATCH',
      headers: bearer(adminToken),
      json: { status: 'suspended' },
    });
    expect(suspend.status).toBe(200);
    expectRevoked(await me(s.access));

    // A second admin, whose admin role is cached by an admin request, then demoted by the first.
    const staff = await cachedSession();
    const promote = await app.request(`/admin/users/${staff.id}`, {
      method: 'PATCH',
      headers: bearer(adminToken),
      json: { role: 'admin' },
    });
    expect(promote.status).toBe(200);
    expect((await app.request(`/admin/users/${s.id}`, { headers: bearer(staff.access) })).status).toBe(200);
    expect(
      await hitsDuring(app, async () =>
        expect((await app.request(`/admin/users/${s.id}`, { headers: bearer(staff.access) })).status).toBe(200),
      ),
    ).toBe(1);
    const demote = await app.request(`/admin/users/${staff.id}`, {
      method: 'PATCH',
      headers: bearer(adminToken),
      json: { role: 'user' },
    });
    expect(demote.status).toBe(200);
    const refused = await app.request(`/admin/users/${s.id}`, { headers: bearer(staff.access) });
    expect(refused.status).toBe(403);
  });

  it('refuses the cached session at once when its refresh token is reused past the grace', async () => {
    const s = await cachedSession();
    const rotated = await app.request('/auth/refresh', { method: 'POST', json: { refresh_token: s.refresh } });
    expect(rotated.status).toBe(200);
    const access = rotated.body.tokens.access_token as string;
    expect((await me(access)).status).toBe(200);
    await pastRefreshGrace(app, s.refresh);
    const reused = await app.request('/auth/refresh', { method: 'POST', json: { refresh_token: s.refresh } });
    expect(reused.body.code).toBe('AUTH.REFRESH_REUSED');
    expectRevoked(await me(access));
    expectRevoked(await me(s.access));
  });

  it('never serves a revoked session from the cache while requests race the logout', async () => {
    const s = await cachedSession();
    let answered = 0;
    let stop = false;
    const refusedAfterLogout: number[] = [];
    // Clients hammering with the token while it is logged out: whatever started after the logout was answered
    // must be refused; what started before may go either way.
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const startedAt = performance.now();
        const res = await me(s.access);
        if (answered && startedAt > answered) refusedAfterLogout.push(res.status);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const logout = await app.request('/auth/logout', { method: 'POST', headers: bearer(s.access) });
    answered = performance.now();
    expect(logout.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop = true;
    await Promise.all(clients);
    expect(refusedAfterLogout.length).toBeGreaterThan(0);
    expect(refusedAfterLogout.every((status) => status === 401)).toBe(true);
  });

  /**
   * An app of its own with `SESSION_CACHE_TTL_MS=ttl`, and a signed-in account on it: `check` asks for the
   * account with its token; `revokeInSql` revokes its sessions in the database, behind the service's back.
   */
  async function withCacheTtl(
    ttl: string,
    scenario: (own: {
      app: TestApp;
      check: () => Promise<{ status: number }>;
      revokeInSql: () => Promise<void>;
    }) => Promise<void>,
  ): Promise<void> {
    const own = await startTestApp({
      SMTP_URL: mail.url,
      RATE_LIMIT_ENABLED: 'false',
      SESSION_CACHE_TTL_MS: ttl,
      REDIS_URL: '',
    });
    try {
      const account = await registerVerified(own, mail);
      const { access } = await login(own, account.email);
      await scenario({
        app: own,
        check: () => own.request('/v1/auth/me/', { headers: bearer(access) }),
        revokeInSql: async () => {
          await own.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [account.id]);
        },
      });
    } finally {
      await own.stop();
    }
  }

  it('trusts an entry no longer than SESSION_CACHE_TTL_MS: a revocation made behind its back holds after it', async () => {
    // Revoked in the database directly (an operator's SQL, which nothing broadcasts): the one case the bound is for.
    await withCacheTtl('300', async ({ check, revokeInSql }) => {
      expect((await check()).status).toBe(200);
      await revokeInSql();
      const revokedAt = performance.now();
      let status = 200;
      while (status === 200 && performance.now() - revokedAt < 2000) {
        status = (await check()).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(401);
      // The 20 ms poll and the request itself on top of the bound.
      expect(performance.now() - revokedAt).toBeLessThan(300 + 200);
    });
  });

  it('asks the database every time when SESSION_CACHE_TTL_MS=0', async () => {
    await withCacheTtl('0', async ({ app: off, check, revokeInSql }) => {
      expect((await check()).status).toBe(200);
      expect((await check()).status).toBe(200);
      expect(await sessionLookups(off)).toEqual({ hit: 0, miss: 0, bypass: 0 });
      await revokeInSql();
      expect((await check()).status).toBe(401);
    });
  });

  it('keeps the cached session of another user when one user logs out', async () => {
    const a = await cachedSession();
    const b = await cachedSession();
    expect((await app.request('/auth/logout', { method: 'POST', headers: bearer(a.access) })).status).toBe(200);
    expect(await hitsDuring(app, async () => expect((await me(b.access)).status).toBe(200))).toBe(1);
  });
});
