import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { startTestApp, unique, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { MailCapture, SmsCapture } from './support/mail-capture.js';
import { StaffWrites } from './support/staff-audit.js';

/** A fresh E.164 US number in a valid-looking 415 range. */
function phoneNumber(): string {
  return `+1415555${String(Math.floor(1000 + Math.random() * 8999))}`;
}

const CLIENT_ID = /^credo_[A-Za-z0-9_-]{43}$/;

describe('Credo360 partner API (seed 004)', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const sms = new SmsCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let admin: string;
  let staff: StaffWrites;

  beforeAll(async () => {
    await mail.start();
    await sms.start();
    app = await startTestApp({
      SMTP_URL: mail.url,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: sms.url,
      RATE_LIMIT_ENABLED: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      OTP_HOURLY_LIMIT: '50',
    });
    staff = new StaffWrites(app);
    admin = (await login(app, adminEmail, adminPassword)).access;
  });
  afterAll(async () => {
    await app.stop();
    await mail.stop();
    await sms.stop();
  });

  const client = (clientId: string) => ({ authorization: `client ${clientId}` });

  async function createPartner(name = unique('Partner ')): Promise<{ id: string; clientId: string; name: string }> {
    const res = await app.request('/admin/partners', {
      method: 'POST',
      headers: bearer(admin),
      json: { name, contact: 'api@partner.example' },
    });
    expect(res.status).toBe(201);
    return { id: res.body.data.id, clientId: res.body.data.client_id, name };
  }

  async function emailUser() {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const profile = await app.request('/profile', { headers: bearer(access) });
    return { ...account, access, handle: profile.body.data.profile.handle as string };
  }

  async function phoneUser() {
    const phone = phoneNumber();
    const password = 'MySecretPassword123';
    const signup = await app.request('/v1/auth/signup/', {
      method: 'POST',
      json: { identifier: phone, password, method: 'sms' },
    });
    expect(signup.status).toBe(200);
    const code = await sms.code(phone);
    expect(
      (await app.request('/v1/auth/signup/confirm/', { method: 'POST', json: { identifier: phone, code } })).status,
    ).toBe(200);
    const tokens = await app.request('/v1/auth/login/basic/', {
      method: 'POST',
      json: { identifier: phone, password },
    });
    const me = await app.request('/v1/auth/me/', { headers: bearer(tokens.body.access) });
    return { phone, access: tokens.body.access as string, handle: me.body.handle as string, id: me.body.id as string };
  }

  async function linkWallet(access: string, account: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey())) {
    const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`);
    const message = nonce.body.message as string;
    const res = await app.request('/profile/wallet', {
      method: 'POST',
      headers: bearer(access),
      json: { wallet_address: account.address, message, signature: await account.signMessage({ message }) },
    });
    expect(res.status).toBe(201);
    return account;
  }

  const challenge = (clientId: string, handle: string, query = '') =>
    app.request(`/partner/auth/${handle}${query}`, { method: 'POST', headers: client(clientId) });
  const answer = (clientId: string, challengeId: string, response: string) =>
    app.request(`/partner/auth/${challengeId}`, { method: 'PATCH', headers: client(clientId), json: { response } });

  /** Verifies `handle` for a partner by an e-mailed passcode. */
  async function verifyByEmail(clientId: string, handle: string, email: string) {
    const before = mail.count(email);
    const created = await challenge(clientId, handle, '?delivery=email');
    expect(created.status).toBe(201);
    const code = await mail.code(email, before);
    const res = await answer(clientId, created.body.challengeId, code);
    expect(res.body).toEqual({ handleId: handle });
  }

  describe('partner clients', () => {
    it('creates a client id shown once, lists clients without it, and revokes at once', async () => {
      const partner = await createPartner('Acme Lending');
      expect(partner.clientId).toMatch(CLIENT_ID);

      const list = await app.request('/admin/partners', { headers: bearer(admin) });
      expect(list.status).toBe(200);
      const listed = list.body.data.find((p: { id: string }) => p.id === partner.id);
      expect(listed).toMatchObject({
        name: 'Acme Lending',
        contact: 'api@partner.example',
        status: 'active',
        client_id_hint: `${partner.clientId.slice(0, 10)}…`,
      });
      expect(JSON.stringify(list.body)).not.toContain(partner.clientId);

      const user = await emailUser();
      expect((await app.request(`/partner/auth/${user.handle}`, { headers: client(partner.clientId) })).status).toBe(
        200,
      );
      const revoked = await app.request(`/admin/partners/${partner.id}`, { method: 'DELETE', headers: bearer(admin) });
      expect(revoked.body.data).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
      const after = await app.request(`/partner/auth/${user.handle}`, { headers: client(partner.clientId) });
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ success: false, error: 'Unauthorized', code: 'PARTNER.REVOKED_CLIENT' });
    });

    it('answers 401 in the envelope for a missing, malformed or unknown client id', async () => {
      const user = await emailUser();
      const path = `/partner/users/${user.handle}`;
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'PARTNER.MISSING_CLIENT_ID'],
        [bearer(user.access), 'PARTNER.MISSING_CLIENT_ID'],
        [{ authorization: 'client' }, 'PARTNER.MALFORMED_CLIENT_ID'],
        [{ authorization: 'client not-a-client-id' }, 'PARTNER.MALFORMED_CLIENT_ID'],
        [{ authorization: `client credo_${'A'.repeat(43)}` }, 'PARTNER.UNKNOWN_CLIENT'],
      ];
      for (const [headers, code] of cases) {
        const res = await app.request(path, { headers });
        expect({ status: res.status, code: res.body.code, error: res.body.error }).toEqual({
          status: 401,
          code,
          error: 'Unauthorized',
        });
        expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
      }
    });

    it('is for admins only', async () => {
      const user = await emailUser();
      const res = await app.request('/admin/partners', {
        method: 'POST',
        headers: bearer(user.access),
        json: { name: 'Sneaky' },
      });
      expect(res.status).toBe(403);
      const bad = await app.request('/admin/partners', {
        method: 'POST',
        headers: bearer(admin),
        json: { name: 'Line\nbreak' },
      });
      expect(bad.status).toBe(400);
      expect((await app.request('/admin/partners/nope', { method: 'DELETE', headers: bearer(admin) })).status).toBe(
        404,
      );
    });
  });

  describe('challenges', () => {
    it('runs the passcode flow over SMS, naming the partner, and records every call', async () => {
      const partner = await createPartner();
      const user = await phoneUser();
      const methods = await app.request(`/partner/auth/${user.handle}`, { headers: client(partner.clientId) });
      expect(methods.body).toEqual({ methods: ['passcode'] });

      const before = sms.count(user.phone);
      const created = await challenge(partner.clientId, user.handle);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        challengeId: expect.stringMatching(/^chl_[A-Za-z0-9_-]{43}$/),
        method: 'passcode',
        expiresAt: expect.any(Number),
        validation: { length: 6, attempts: 3, delivery: 'sms' },
      });
      const now = Date.now() / 1000;
      expect(created.body.expiresAt).toBeGreaterThan(now + 500);
      expect(created.body.expiresAt).toBeLessThan(now + 700);
      const message = await sms.latest(user.phone, before);
      expect(message.body).toContain(partner.name);
      const code = /\b(\d{6})\b/.exec(message.body)![1];

      const wrong = await answer(partner.clientId, created.body.challengeId, code === '000000' ? '111111' : '000000');
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('CREDO.INVALID_RESPONSE');
      expect(wrong.body.message).toContain('2 attempts remaining');

      const ok = await answer(partner.clientId, created.body.challengeId, code);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ handleId: user.handle });

      const again = await answer(partner.clientId, created.body.challengeId, code);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CREDO.CHALLENGE_USED');

      // The call log is written once each answer has gone out.
      let calls: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 50 && calls.length < 5; i++) {
        calls = (await app.request(`/admin/partners/${partner.id}/calls`, { headers: bearer(admin) })).body.data;
        if (calls.length < 5) await new Promise((r) => setTimeout(r, 20));
      }
      expect(calls.map((c) => [c.method, c.route, c.handle, c.status, c.outcome]).reverse()).toEqual([
        ['GET', '/api/partner/auth/:handleId', user.handle, 200, 'ok'],
        ['POST', '/api/partner/auth/:handleId', user.handle, 201, 'ok'],
        ['PATCH', '/api/partner/auth/:challengeId', null, 400, 'CREDO.INVALID_RESPONSE'],
        ['PATCH', '/api/partner/auth/:challengeId', user.handle, 200, 'ok'],
        ['PATCH', '/api/partner/auth/:challengeId', null, 409, 'CREDO.CHALLENGE_USED'],
      ]);
    });

    it('sends the passcode by e-mail with the requested length and attempts, and checks a wallet signature', async () => {
      const partner = await createPartner();
      const user = await emailUser();
      const wallet = await linkWallet(user.access);
      const methods = await app.request(`/partner/auth/${user.handle}`, { headers: client(partner.clientId) });
      expect(methods.body).toEqual({ methods: ['passcode', 'signature'] });

      const before = mail.count(user.email);
      const created = await challenge(partner.clientId, user.handle, '?method=passcode&length=8&attempts=5');
      expect(created.body.validation).toEqual({ length: 8, attempts: 5, delivery: 'email' });
      const message = await mail.latest(user.email, before);
      expect(message.text).toContain(partner.name);
      const code = /\b(\d{8})\b/.exec(message.text)![1];
      expect((await answer(partner.clientId, created.body.challengeId, code)).body).toEqual({ handleId: user.handle });

      const signature = await challenge(partner.clientId, user.handle, '?method=signature');
      expect(signature.status).toBe(201);
      expect(signature.body).toMatchObject({ method: 'signature', expiresAt: expect.any(Number) });
      const nonce = signature.body.validation.nonce as string;
      expect(Object.keys(signature.body.validation)).toEqual(['nonce']);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(32);

      const stranger = privateKeyToAccount(generatePrivateKey());
      const forged = await answer(
        partner.clientId,
        signature.body.challengeId,
        await stranger.signMessage({ message: nonce }),
      );
      expect(forged.status).toBe(400);
      expect(forged.body.code).toBe('CREDO.INVALID_RESPONSE');
      const signed = await answer(
        partner.clientId,
        signature.body.challengeId,
        await wallet.signMessage({ message: nonce }),
      );
      expect(signed.status).toBe(200);
      expect(signed.body).toEqual({ handleId: user.handle });
    });

    it('refuses a method the user cannot answer and a handle nobody has', async () => {
      const partner = await createPartner();
      const user = await phoneUser();
      const res = await challenge(partner.clientId, user.handle, '?method=signature');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CREDO.METHOD_UNAVAILABLE');
      expect((await challenge(partner.clientId, user.handle, '?delivery=email')).body.code).toBe(
        'CREDO.DELIVERY_UNAVAILABLE',
      );
      for (const query of ['?method=magic', '?length=3', '?length=9', '?attempts=0', '?attempts=6', '?length=six']) {
        const bad = await challenge(partner.clientId, user.handle, query);
        expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      }
      expect((await challenge(partner.clientId, '00000000000')).status).toBe(404);
      expect((await challenge(partner.clientId, 'not-a-handle')).status).toBe(404);
      expect((await app.request('/partner/auth/00000000000', { headers: client(partner.clientId) })).body.code).toBe(
        'CREDO.HANDLE_NOT_FOUND',
      );
    });

    it("does not let partner B validate or see partner A's challenge", async () => {
      const a = await createPartner();
      const b = await createPartner();
      const user = await phoneUser();
      const before = sms.count(user.phone);
      const created = await challenge(a.clientId, user.handle);
      const code = await sms.code(user.phone, before);

      const byB = await answer(b.clientId, created.body.challengeId, code);
      expect(byB.status).toBe(404);
      expect(byB.body.code).toBe('CREDO.CHALLENGE_NOT_FOUND');
      // Exactly what an id that never existed answers.
      const unknown = await answer(b.clientId, `chl_${'x'.repeat(43)}`, code);
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: byB.body.code });

      // B's try cost A nothing.
      const byA = await answer(a.clientId, created.body.challengeId, code);
      expect(byA.body).toEqual({ handleId: user.handle });
    });

    it('stops passcode guessing at the attempt limit, also when the guesses arrive at once', async () => {
      const partner = await createPartner();
      const user = await emailUser();
      let before = mail.count(user.email);
      const created = await challenge(partner.clientId, user.handle, '?attempts=2');
      const code = await mail.code(user.email, before);
      const wrong = code === '999999' ? '888888' : '999999';
      expect((await answer(partner.clientId, created.body.challengeId, wrong)).body.message).toContain(
        '1 attempt remaining',
      );
      const last = await answer(partner.clientId, created.body.challengeId, wrong);
      expect(last.body.message).toContain('No attempts remaining');
      const late = await answer(partner.clientId, created.body.challengeId, code);
      expect(late.status).toBe(400);
      expect(late.body.code).toBe('CREDO.CHALLENGE_EXHAUSTED');

      before = mail.count(user.email);
      const burst = await challenge(partner.clientId, user.handle);
      const burstCode = await mail.code(user.email, before);
      const guesses = Array.from({ length: 12 }, (_, i) => String(i).padStart(6, '0')).filter((g) => g !== burstCode);
      const results = await Promise.all(guesses.map((g) => answer(partner.clientId, burst.body.challengeId, g)));
      const codes = results.map((r) => r.body.code as string);
      expect(codes.filter((c) => c === 'CREDO.INVALID_RESPONSE')).toHaveLength(3);
      expect(codes.filter((c) => c === 'CREDO.CHALLENGE_EXHAUSTED')).toHaveLength(guesses.length - 3);
      expect((await answer(partner.clientId, burst.body.challengeId, burstCode)).body.code).toBe(
        'CREDO.CHALLENGE_EXHAUSTED',
      );
    });

    it('refuses an expired challenge', async () => {
      const partner = await createPartner();
      const user = await emailUser();
      const before = mail.count(user.email);
      const created = await challenge(partner.clientId, user.handle);
      const code = await mail.code(user.email, before);
      // Ten minutes pass.
      const db = app.dataSource;
      await db.query(`UPDATE partner_challenges SET expires_at = now() - interval '1 second' WHERE partner_id = $1`, [
        partner.id,
      ]);
      const late = await answer(partner.clientId, created.body.challengeId, code);
      expect(late.status).toBe(400);
      expect(late.body.code).toBe('CREDO.CHALLENGE_EXPIRED');
    });

    it('validates the PATCH body', async () => {
      const partner = await createPartner();
      const res = await app.request(`/partner/auth/chl_${'x'.repeat(43)}`, {
        method: 'PATCH',
        headers: client(partner.clientId),
        json: { response: 123 },
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'response' })]));
    });
  });

  describe('user info', () => {
    it("answers in seed 004's shape, showing only what the user's privacy settings allow", async () => {
      const partner = await createPartner();
      const user = await phoneUser();
      const patch = await app.request('/profile', {
        method: 'PATCH',
        headers: bearer(user.access),
        json: {
          first_name: 'Irakliy',
          last_name: 'Khaburzaniya',
          date_of_birth: '1990-01-31',
          gender: 'male',
          picture_url: 'https://cdn.example.com/me.png',
          location: { city: 'Redondo Beach', region: 'California', country: 'US' },
        },
      });
      expect(patch.status).toBe(200);
      const read = async () =>
        (await app.request(`/partner/users/${user.handle}`, { headers: client(partner.clientId) })).body;

      const hidden = await read();
      expect(hidden.handle).toEqual({ id: user.handle, status: 'valid' });
      expect(hidden.profile).toEqual({ name: { firstName: 'Irakliy' } });
      expect(hidden.verifications).toEqual({
        phone: {
          countryCode: 1,
          areaCode: '415',
          last2digits: user.phone.slice(-2),
          score: 40,
          verifiedOn: expect.any(Number),
        },
      });
      expect(hidden.verifications.phone.verifiedOn).toBeGreaterThan(Date.now() - 120_000);
      expect(hidden.memberSince).toBeGreaterThan(Date.now() - 120_000);
      expect(hidden.memberSince).toBeLessThanOrEqual(Date.now());
      expect(hidden.payments).toEqual({
        credoWallet: false,
        loans: { onTime: 0, late: 0, missed: 0, repaidLoans: 0, defaultedLoans: 0 },
      });
      expect(hidden.reputation).toEqual({
        score: expect.any(Number),
        quality: 'provisional',
        segments: {
          identity: { score: expect.any(Number), quality: expect.any(String), verifications: 1 },
          behavior: { score: 0, quality: 'provisional', transactions: 0, transactors: 0, ratings: 0, reviews: 0 },
          endorsements: { score: 0, quality: 'provisional', contacts: 0, averageScore: null, reviews: 0 },
        },
      });

      await app.request('/profile', {
        method: 'PATCH',
        headers: bearer(user.access),
        json: { privacy: { show_last_name: true, show_location: true } },
      });
      const some = await read();
      expect(some.profile).toEqual({
        name: { firstName: 'Irakliy', lastName: 'Khaburzaniya' },
        location: { city: 'Redondo Beach', state: 'California', region: 'California', country: 'us' },
      });

      await app.request('/profile', {
        method: 'PATCH',
        headers: bearer(user.access),
        json: { privacy: { show_age: true, show_gender: true, show_picture: true, show_location: false } },
      });
      const years =
        new Date().getUTCFullYear() - 1990 - (new Date().getUTCMonth() === 0 && new Date().getUTCDate() < 31 ? 1 : 0);
      const all = await read();
      expect(all.profile).toEqual({
        name: { firstName: 'Irakliy', lastName: 'Khaburzaniya' },
        picture: {
          source: 'profile',
          updatedOn: expect.any(Number),
          fullUrl: 'https://cdn.example.com/me.png',
          thumbUrl: 'https://cdn.example.com/me.png',
        },
        age: { years },
        gender: 'male',
      });
    });

    it('answers 404 for an unknown handle and only the status for a suspended one', async () => {
      const partner = await createPartner();
      expect((await app.request('/partner/users/00000000000', { headers: client(partner.clientId) })).status).toBe(404);
      expect((await app.request('/partner/users/abc', { headers: client(partner.clientId) })).status).toBe(404);
      const user = await phoneUser();
      const suspend = await app.request(`/admin/users/${user.id}`, {
        method: 'PATCH',
        headers: bearer(admin),
        json: { status: 'suspended' },
      });
      expect(suspend.status).toBe(200);
      const res = await app.request(`/partner/users/${user.handle}`, { headers: client(partner.clientId) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ handle: { id: user.handle, status: 'suspended' } });
      expect((await app.request(`/partner/auth/${user.handle}`, { headers: client(partner.clientId) })).body).toEqual({
        methods: [],
      });
      expect((await challenge(partner.clientId, user.handle)).status).toBe(403);
    });
  });

  describe('submissions', () => {
    it('refuses data about a handle the partner has not verified, and is idempotent by external_id', async () => {
      const a = await createPartner();
      const b = await createPartner();
      const user = await emailUser();
      const tx = { external_id: 'order-1', counterparty_id: 'buyer-1', amount: 125.5, currency: 'USD' };
      const post = (clientId: string, kind: string, json: unknown) =>
        app.request(`/partner/users/${user.handle}/${kind}`, { method: 'POST', headers: client(clientId), json });

      const refused = await post(a.clientId, 'transactions', tx);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CREDO.HANDLE_NOT_VERIFIED');
      expect((await post(a.clientId, 'ratings', { external_id: 'r-1', score: 5 })).status).toBe(403);

      await verifyByEmail(a.clientId, user.handle, user.email);
      const created = await post(a.clientId, 'transactions', tx);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: expect.stringMatching(/^tx_[0-9a-f]{32}$/),
        external_id: 'order-1',
        handleId: user.handle,
        status: 'completed',
        counterparty_id: 'buyer-1',
        amount: 125.5,
        currency: 'USD',
      });
      const replay = await post(a.clientId, 'transactions', tx);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(created.body);
      // The replay says so, and spends no quota (issue 14, finding 2; test/quota.e2e-spec.ts).
      expect(created.headers.get('idempotent-replayed')).toBeNull();
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      const changed = await post(a.clientId, 'transactions', { ...tx, amount: 99 });
      expect(changed.status).toBe(409);
      expect(changed.body.code).toBe('CREDO.EXTERNAL_ID_CONFLICT');

      // Parallel retries of one new id: one row, one 201.
      const burst = await Promise.all(
        Array.from({ length: 5 }, () => post(a.clientId, 'ratings', { external_id: 'r-1', score: 4, review: 'Good' })),
      );
      expect(burst.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);

      // Verification is per partner.
      expect((await post(b.clientId, 'ratings', { external_id: 'r-1', score: 1 })).status).toBe(403);
      for (const bad of [
        { score: 5 },
        { external_id: 'r-2', score: 6 },
        { external_id: 'r 2', score: 5 },
        { external_id: 'r-2', score: 5, rated_at: '2999-01-01T00:00:00.000Z' },
        { external_id: 'r-2', score: 5, role: 'admin' },
      ]) {
        const res = await post(a.clientId, 'ratings', bad);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      }
      const me = await app.request('/reputation/me', { headers: bearer(user.access) });
      expect(me.body.data.reputation.segments.behavior).toMatchObject({
        transactions: 1,
        transactors: 1,
        ratings: 1,
        reviews: 1,
      });
    });
  });

  describe('reputation', () => {
    // The documented model (src/reputation/model/REPUTATION.md), written out independently of the code.
    const identity = (points: number) => round2(100 * (1 - Math.exp(-points / 65)));
    const behavior = (positive: number, negative: number) => round2((100 * positive) / (positive + negative + 20));
    const endorsements = (weights: number[]) => round2(100 * (1 - Math.exp(-weights.reduce((s, w) => s + w, 0) / 5)));
    const score = (i: number, b: number, e: number) => Math.round(60 + 3 * (0.35 * i + 0.4 * b + 0.25 * e));
    const base = (i: number, b: number) => Math.round(60 + (3 * (0.35 * i + 0.4 * b)) / 0.75);
    function round2(x: number) {
      return Math.round(x * 100) / 100;
    }
    /** Endorsing needs standing; an e-mail account of 180 days has full trust, so it weighs as model 1.0 did. */
    const ofFullStanding = (userId: string) =>
      app.dataSource.query(`UPDATE users SET created_at = now() - interval '180 days' WHERE id = $1`, [userId]);

    it('moves the score the documented way as verifications, ratings and endorsements are added', async () => {
      const partner = await createPartner();
      const user = await emailUser();
      const me = async () => (await app.request('/reputation/me', { headers: bearer(user.access) })).body.data;

      const start = await me();
      expect(start.handleId).toBe(user.handle);
      expect(start.reputation.segments.identity).toEqual({ score: identity(5), quality: 'poor', verifications: 1 });
      expect(start.reputation.score).toBe(score(identity(5), 0, 0));
      expect(start.reputation.quality).toBe('provisional');

      // A linked wallet adds 20 identity points.
      await linkWallet(user.access);
      const withWallet = await me();
      expect(withWallet.reputation.segments.identity).toEqual({
        score: identity(25),
        quality: 'poor',
        verifications: 2,
      });
      expect(withWallet.verifications.wallet).toMatchObject({ wallets: 1, score: 20 });
      expect(withWallet.reputation.score).toBe(score(identity(25), 0, 0));

      // KYC approval adds 100.
      const profile = await app.request('/profile', { headers: bearer(user.access) });
      await app.request(`/admin/users/${profile.body.data.id}`, {
        method: 'PATCH',
        headers: bearer(admin),
        json: { kyc_status: 'approved' },
      });
      const kyc = await me();
      const i = identity(125);
      expect(kyc.reputation.segments.identity).toEqual({ score: i, quality: 'good', verifications: 3 });
      expect(kyc.verifications.kyc).toMatchObject({ score: 100 });

      // Three 5-star ratings: P = 3, N = 0; enough data, so behaviour and the score get a quality.
      await verifyByEmail(partner.clientId, user.handle, user.email);
      for (const n of [1, 2, 3]) {
        const res = await app.request(`/partner/users/${user.handle}/ratings`, {
          method: 'POST',
          headers: client(partner.clientId),
          json: { external_id: `rating-${n}`, score: 5, rater_id: `rater-${n}` },
        });
        expect(res.status).toBe(201);
      }
      const rated = await me();
      const b = behavior(3, 0);
      expect(rated.reputation.segments.behavior).toEqual({
        score: b,
        quality: 'poor',
        transactions: 0,
        transactors: 0,
        ratings: 3,
        reviews: 0,
      });
      expect(rated.reputation.score).toBe(score(i, b, 0));
      expect(rated.reputation.quality).toBe('poor');
      expect(rated.reputation.score).toBeGreaterThan(kyc.reputation.score);

      // A 1-star rating is a whole negative event: behaviour drops.
      await app.request(`/partner/users/${user.handle}/ratings`, {
        method: 'POST',
        headers: client(partner.clientId),
        json: { external_id: 'rating-4', score: 1 },
      });
      const b2 = behavior(3, 1);
      expect((await me()).reputation.segments.behavior.score).toBe(b2);

      // Two endorsers: one with only a verified e-mail, one who also linked a wallet and wrote a review.
      const plain = await emailUser();
      const strong = await emailUser();
      await linkWallet(strong.access);
      await ofFullStanding(plain.id);
      await ofFullStanding(strong.id);
      const endorse = (access: string, json: unknown) =>
        app.request('/reputation/endorsements', { method: 'POST', headers: bearer(access), json });
      expect((await endorse(plain.access, { handleId: user.handle })).status).toBe(201);
      const reviewed = await endorse(strong.access, { handleId: user.handle, review: 'Trustworthy.' });
      expect(reviewed.status).toBe(201);
      expect(reviewed.body).toEqual({
        success: true,
        data: { handleId: user.handle, review: 'Trustworthy.', created_at: expect.any(String) },
      });
      const plainBase = base(identity(5), 0);
      const strongBase = base(identity(25), 0);
      const e = endorsements([(plainBase - 60) / 300, ((strongBase - 60) / 300) * 1.5]);
      const endorsed = await me();
      expect(endorsed.reputation.segments.endorsements).toEqual({
        score: e,
        quality: 'poor',
        contacts: 2,
        averageScore: Math.round((plainBase + strongBase) / 2),
        reviews: 1,
      });
      expect(endorsed.reputation.score).toBe(score(i, b2, e));

      // Withdrawing takes it back out.
      const withdrawn = await app.request('/reputation/endorsements', {
        method: 'DELETE',
        headers: bearer(strong.access),
        json: { handleId: user.handle },
      });
      expect(withdrawn.status).toBe(200);
      const after = await me();
      expect(after.reputation.segments.endorsements.contacts).toBe(1);
      expect(after.reputation.segments.endorsements.quality).toBe('provisional');

      // The partner sees the same reputation.
      const partnerView = await app.request(`/partner/users/${user.handle}`, { headers: client(partner.clientId) });
      expect(partnerView.body.reputation).toEqual(after.reputation);
    });

    it('allows one endorsement per pair, never of oneself, and only of existing users', async () => {
      const a = await emailUser();
      const b = await emailUser();
      await ofFullStanding(a.id);
      const endorse = (json: unknown) =>
        app.request('/reputation/endorsements', { method: 'POST', headers: bearer(a.access), json });
      const self = await endorse({ handleId: a.handle });
      expect(self.status).toBe(400);
      expect(self.body.code).toBe('REPUTATION.SELF_ENDORSEMENT');
      expect((await endorse({ handleId: b.handle })).status).toBe(201);
      const twice = await endorse({ handleId: b.handle, review: 'again' });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('REPUTATION.ALREADY_ENDORSED');
      expect((await endorse({ handleId: '00000000000' })).status).toBe(404);
      expect((await endorse({ handleId: 'abc' })).status).toBe(400);
      expect((await endorse({ handleId: b.handle, extra: 1 })).status).toBe(400);

      const list = await app.request('/reputation/endorsements', { headers: bearer(b.access) });
      expect(list.body.data.received).toEqual([{ handleId: a.handle, review: null, created_at: expect.any(String) }]);

      const del = (handle: string) =>
        app.request(`/reputation/endorsements/${handle}`, { method: 'DELETE', headers: bearer(a.access) });
      expect((await del(b.handle)).status).toBe(200);
      expect((await del(b.handle)).status).toBe(404);
      expect(
        (await app.request('/reputation/endorsements', { method: 'POST', json: { handleId: b.handle } })).status,
      ).toBe(401);
    });
  });

  describe('rate limits', () => {
    let limited: TestApp;
    let limitedStaff: StaffWrites;
    let limitedAdmin: string;
    beforeAll(async () => {
      limited = await startTestApp({
        RATE_LIMIT_ENABLED: 'true',
        // A made-up client address, so a shared Redis (CI) never mixes these counters with another suite's.
        TRUST_PROXY: 'true',
        ADMIN_EMAIL: adminEmail,
        ADMIN_PASSWORD: adminPassword,
      });
      limitedStaff = new StaffWrites(limited);
    });
    afterAll(() => limited.stop());

    it('holds each client to its own quota and counts route limits per client, not per IP', async () => {
      const ip = { 'x-forwarded-for': `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 250)).join('.')}` };
      const signIn = await limited.request('/auth/login', {
        method: 'POST',
        headers: ip,
        json: { email: adminEmail, password: adminPassword },
      });
      const adminToken = signIn.body.tokens.access_token as string;
      limitedAdmin = adminToken;
      const make = async (rate: number) =>
        (
          await limited.request('/admin/partners', {
            method: 'POST',
            headers: { ...ip, ...bearer(adminToken) },
            json: { name: unique('Quota '), rate_limit_per_minute: rate },
          })
        ).body.data as { id: string; client_id: string };
      const small = await make(3);
      const other = await make(100);
      const get = (clientId: string) =>
        limited.request('/partner/users/00000000000', { headers: { ...ip, ...client(clientId) } });
      for (let i = 0; i < 3; i++) expect((await get(small.client_id)).status).toBe(404);
      const over = await get(small.client_id);
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('PARTNER.QUOTA_EXCEEDED');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

      // Another client from the same address has its own quota and its own route counter.
      const fresh = await get(other.client_id);
      expect(fresh.status).toBe(404);
      expect(fresh.headers.get('x-ratelimit-limit')).toBe('600');
      expect(fresh.headers.get('x-ratelimit-remaining')).toBe('599');
    });

    it('has one audit row for each partner this instance created', async () => {
      expect(await limitedStaff.expectAudited(limitedAdmin)).toBe(2);
    });
  });

  describe('audit log', () => {
    it('has one audit row for every successful admin write of this suite, with its request id, and none for a refused one', async () => {
      expect(await staff.expectAudited(admin)).toBeGreaterThan(10);
      expect(staff.writes.some((w) => w.status >= 400)).toBe(true);
      const actions = new Set(staff.writes.map((w) => `${w.method} ${w.path.split('/')[2]}`));
      expect(actions).toEqual(new Set(['POST partners', 'DELETE partners', 'PATCH users']));
    });
  });
});
