import type { DataSource } from 'typeorm';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { startWithMail, stopWithMail, unique, type TestApp } from './support/app.js';
import { PASSWORD, bearer, login } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';

/**
 * Issue 10, finding 8: 25 throwaway wallet accounts raised a target's Credo score from 88 to 133. Each test
 * makes its own users; "old" accounts are back-dated by SQL, which is setup, not the attack.
 */
describe('abuse: endorsements', () => {
  let app: TestApp;
  let db: DataSource;
  let admin: string;
  let partner: string;
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';

  beforeAll(async () => {
    app = await startWithMail(mail, { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword, OTP_HOURLY_LIMIT: '50' });
    db = app.dataSource;
    admin = (await login(app, adminEmail, adminPassword)).access;
    const created = await app.request('/admin/partners', {
      method: 'POST',
      headers: bearer(admin),
      json: { name: unique('Lender ') },
    });
    expect(created.status).toBe(201);
    partner = created.body.data.client_id as string;
  });
  afterAll(() => stopWithMail(app, mail));

  // The documented model (src/reputation/model/REPUTATION.md), written out independently of the code.
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const identity = (points: number) => round2(100 * (1 - Math.exp(-points / 65)));
  const base = (i: number) => Math.round(60 + (3 * 0.35 * i) / 0.75);
  const weight = (baseScore: number, trust: number, review: boolean) =>
    ((baseScore - 60) / 300) * trust * (review ? 1.5 : 1);
  const segment = (weights: number[]) => round2(100 * (1 - Math.exp(-weights.reduce((s, w) => s + w, 0) / 5)));
  const score = (i: number, e: number) => Math.round(60 + 3 * (0.35 * i + 0.25 * e));
  const EMAIL_ONLY = base(identity(5)); // 70
  const EMAIL_WALLET = base(identity(25)); // 105
  const EMAIL_KYC = base(identity(105)); // 172

  interface Person {
    id: string;
    access: string;
    handle: string;
    email: string | null;
  }

  async function emailUser(email = `${unique('user')}@example.com`): Promise<Person> {
    const reg = await app.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } });
    expect(reg.status).toBe(201);
    const code = await mail.code(email);
    const confirm = await app.request('/v1/auth/signup/confirm/', {
      method: 'POST',
      json: { identifier: email, code },
    });
    expect(confirm.status).toBe(200);
    const { access } = await login(app, email);
    const me = await app.request('/v1/auth/me/', { headers: bearer(access) });
    return { id: me.body.id as string, access, handle: me.body.handle as string, email };
  }

  /** A real wallet login (nonce, personal_sign, login): the account is created, active and verified at once. */
  async function walletUser(account: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey())): Promise<Person> {
    const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`);
    const message = nonce.body.message as string;
    const res = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: account.address, message, signature: await account.signMessage({ message }) },
    });
    expect(res.status).toBe(200);
    const me = await app.request('/v1/auth/me/', { headers: bearer(res.body.access) });
    expect(me.body).toMatchObject({ authentication_type: 'wallet', is_verified: true });
    return {
      id: me.body.id as string,
      access: res.body.access as string,
      handle: me.body.handle as string,
      email: null,
    };
  }

  async function linkWallet(access: string) {
    const account = privateKeyToAccount(generatePrivateKey());
    const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`);
    const message = nonce.body.message as string;
    const res = await app.request('/profile/wallet', {
      method: 'POST',
      headers: bearer(access),
      json: { wallet_address: account.address, message, signature: await account.signMessage({ message }) },
    });
    expect(res.status).toBe(201);
  }

  const backDate = (userId: string, days: number) =>
    db.query(`UPDATE users SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [userId, days]);

  async function adminSets(userId: string, json: Record<string, string>) {
    const res = await app.request(`/admin/users/${userId}`, { method: 'PATCH', headers: bearer(admin), json });
    expect(res.status).toBe(200);
  }

  const endorse = (who: Person, target: Person, review?: string) =>
    app.request('/reputation/endorsements', {
      method: 'POST',
      headers: bearer(who.access),
      json: review === undefined ? { handleId: target.handle } : { handleId: target.handle, review },
    });

  /** A target whose handle the partner verified by an e-mailed passcode, as a lender would before reading. */
  async function target(): Promise<Person> {
    const user = await emailUser();
    const before = mail.count(user.email!);
    const challenge = await app.request(`/partner/auth/${user.handle}?delivery=email`, {
      method: 'POST',
      headers: { authorization: `client ${partner}` },
    });
    expect(challenge.status).toBe(201);
    const code = await mail.code(user.email!, before);
    const answer = await app.request(`/partner/auth/${challenge.body.challengeId}`, {
      method: 'PATCH',
      headers: { authorization: `client ${partner}` },
      json: { response: code },
    });
    expect(answer.body).toEqual({ handleId: user.handle });
    return user;
  }

  /** The reputation a partner reads; the user's own view carries the same. */
  async function reputation(user: Person) {
    const res = await app.request(`/partner/users/${user.handle}`, { headers: { authorization: `client ${partner}` } });
    expect(res.status).toBe(200);
    const own = await app.request('/reputation/me', { headers: bearer(user.access) });
    expect(own.body.data.reputation).toEqual(res.body.reputation);
    return res.body.reputation as {
      score: number;
      segments: { endorsements: { score: number; contacts: number; averageScore: number | null; reviews: number } };
    };
  }

  describe('finding 8: Sybil endorsements', () => {
    it("25 fresh wallet-only accounts move a target's score by less than 1 point", async () => {
      const victim = await target();
      const before = await reputation(victim);
      for (let i = 0; i < 25; i++) {
        const sybil = await walletUser();
        const res = await endorse(sybil, victim, 'Trustworthy, repaid me twice.');
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('REPUTATION.ENDORSER_UNVERIFIED');
        expect(res.body.message).toContain('verified e-mail address or phone number');
        expect(res.body.message).toContain('at least 30 days old (yours is 0 days)');
      }
      const after = await reputation(victim);
      expect(Math.abs(after.score - before.score)).toBeLessThan(1);
      expect(after.segments.endorsements).toMatchObject({ score: 0, contacts: 0 });
    });

    it('does not count endorsements stored from wallet-only accounts, however old', async () => {
      const victim = await target();
      const before = await reputation(victim);
      for (let i = 0; i < 25; i++) {
        const sybil = await walletUser();
        await backDate(sybil.id, 400);
        // As the service stored them before this rule.
        await db.query(`INSERT INTO endorsements (endorser_id, endorsee_id, review) VALUES ($1, $2, 'Great')`, [
          sybil.id,
          victim.id,
        ]);
      }
      const after = await reputation(victim);
      expect(Math.abs(after.score - before.score)).toBeLessThan(1);
      expect(after.segments.endorsements).toMatchObject({ score: 0, contacts: 0 });
    });

    it('refuses fresh e-mail-verified accounts, also a wallet account that adds a verified e-mail', async () => {
      const victim = await target();
      const fresh = await emailUser();
      const refused = await endorse(fresh, victim);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('REPUTATION.ENDORSER_NO_STANDING');
      expect(refused.body.message).toBe(
        'Endorsing needs an account at least 30 days old (yours is 0 days), an approved KYC, or a credit history ' +
          '(a repaid loan or 3 loan payments on time).',
      );

      const wallet = await walletUser();
      const email = `${unique('wallet')}@example.com`;
      const add = await app.request('/v1/auth/wallet/email/add/', {
        method: 'POST',
        headers: bearer(wallet.access),
        json: { email },
      });
      expect(add.status).toBe(200);
      const code = await mail.code(email);
      const confirm = await app.request('/v1/auth/signup/confirm/', {
        method: 'POST',
        json: { identifier: email, code },
      });
      expect(confirm.status).toBe(200);
      const withEmail = await endorse(wallet, victim);
      expect(withEmail.status).toBe(403);
      expect(withEmail.body.code).toBe('REPUTATION.ENDORSER_NO_STANDING');

      // 29 days is still too new.
      await backDate(fresh.id, 29);
      const young = await endorse(fresh, victim);
      expect(young.body.code).toBe('REPUTATION.ENDORSER_NO_STANDING');
      expect(young.body.message).toContain('(yours is 29 days)');
      expect((await reputation(victim)).segments.endorsements.contacts).toBe(0);
    });

    it('lets a qualifying endorser move the score by the documented amount, growing with its trust', async () => {
      const victim = await target();
      const i = identity(5);
      expect((await reputation(victim)).score).toBe(score(i, 0));

      // An e-mail account of exactly 30 days: standing, trust 30/180.
      const month = await emailUser();
      await backDate(month.id, 30);
      expect((await endorse(month, victim)).status).toBe(201);
      const w1 = weight(EMAIL_ONLY, 30 / 180, false);
      const one = await reputation(victim);
      expect(one.segments.endorsements).toEqual({
        score: segment([w1]),
        quality: 'provisional',
        contacts: 1,
        averageScore: EMAIL_ONLY,
        reviews: 0,
      });

      // A fresh KYC-approved account: standing at once, trust 0.5; with a review ×1.5.
      const kyc = await emailUser();
      await adminSets(kyc.id, { kyc_status: 'approved' });
      expect((await endorse(kyc, victim, 'Known her for years.')).status).toBe(201);
      const w2 = weight(EMAIL_KYC, 0.5, true);
      const two = await reputation(victim);
      expect(two.segments.endorsements).toMatchObject({ score: segment([w1, w2]), contacts: 2, reviews: 1 });
      expect(two.score).toBe(score(i, segment([w1, w2])));
      expect(two.score).toBeGreaterThan(one.score);

      // Ninety days on, the KYC-approved endorser has full trust (90/180 + 0.5), the other 90/180.
      await backDate(kyc.id, 90);
      await backDate(month.id, 90);
      const later = await reputation(victim);
      const full = [weight(EMAIL_ONLY, 0.5, false), weight(EMAIL_KYC, 1, true)];
      expect(later.segments.endorsements.score).toBe(segment(full));
      expect(later.score).toBe(score(i, segment(full)));
    });

    it('stops counting stored endorsements from an account that stops qualifying', async () => {
      const victim = await target();
      const before = await reputation(victim);

      // Standing by KYC alone (a fresh account): revoking the KYC takes the endorsement out.
      const kyc = await emailUser();
      await adminSets(kyc.id, { kyc_status: 'approved' });
      expect((await endorse(kyc, victim, 'Solid.')).status).toBe(201);
      const counted = await reputation(victim);
      expect(counted.segments.endorsements.contacts).toBe(1);
      expect(counted.score).toBeGreaterThan(before.score);
      await adminSets(kyc.id, { kyc_status: 'rejected' });
      expect(await reputation(victim)).toEqual(before);

      // Suspension takes an old account's endorsement out; reinstating puts it back.
      const old = await emailUser();
      await backDate(old.id, 365);
      expect((await endorse(old, victim)).status).toBe(201);
      const withOld = await reputation(victim);
      expect(withOld.segments.endorsements).toMatchObject({ contacts: 1, averageScore: EMAIL_ONLY });
      await adminSets(old.id, { status: 'suspended' });
      expect(await reputation(victim)).toEqual(before);
      await adminSets(old.id, { status: 'active' });
      expect(await reputation(victim)).toEqual(withOld);
    });
  });

  describe('finding 8, beyond: one actor cannot multiply itself', () => {
    it('counts at most three endorsers without KYC or credit history (the heaviest), and every vouched one', async () => {
      const victim = await target();
      const accounts: Person[] = [];
      for (let k = 0; k < 6; k++) {
        const a = await emailUser();
        if (k < 2) await linkWallet(a.access);
        await backDate(a.id, 180);
        accounts.push(a);
      }
      for (const a of accounts) expect((await endorse(a, victim, 'Vouch.')).status).toBe(201);
      const capped = await reputation(victim);
      const heaviest = [EMAIL_WALLET, EMAIL_WALLET, EMAIL_ONLY].map((b) => weight(b, 1, true));
      expect(capped.segments.endorsements).toEqual({
        score: segment(heaviest),
        quality: 'poor',
        contacts: 3,
        averageScore: Math.round((2 * EMAIL_WALLET + EMAIL_ONLY) / 3),
        reviews: 3,
      });

      const vouched = await emailUser();
      await adminSets(vouched.id, { kyc_status: 'approved' });
      await backDate(vouched.id, 180);
      expect((await endorse(vouched, victim)).status).toBe(201);
      const withVouched = await reputation(victim);
      expect(withVouched.segments.endorsements).toMatchObject({
        score: segment([...heaviest, weight(EMAIL_KYC, 1, false)]),
        contacts: 4,
      });
    });

    it('counts accounts verified through one inbox once', async () => {
      const victim = await target();
      const local = unique('ann');
      const aliases = [`${local}+one@example.com`, `${local}+two@example.com`, `${local}@example.com`];
      for (const email of aliases) {
        const a = await emailUser(email);
        await backDate(a.id, 180);
        expect((await endorse(a, victim, 'Me again.')).status).toBe(201);
      }
      const rep = await reputation(victim);
      expect(rep.segments.endorsements).toMatchObject({
        score: segment([weight(EMAIL_ONLY, 1, true)]),
        contacts: 1,
      });
    });

    it('refuses a sixth endorsement in 30 days with 429 and Retry-After, and never counts one stored over it', async () => {
      const spray = await emailUser();
      await backDate(spray.id, 365);
      const victims: Person[] = [];
      for (let k = 0; k < 7; k++) victims.push(await emailUser());
      for (const v of victims.slice(0, 5)) expect((await endorse(spray, v)).status).toBe(201);
      const sixth = await endorse(spray, victims[5]);
      expect(sixth.status).toBe(429);
      expect(sixth.body.code).toBe('REPUTATION.ENDORSEMENT_QUOTA');
      expect(sixth.body.message).toContain('at most 5 endorsements in 30 days');
      const retryAfter = Number(sixth.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(29 * 86_400);
      expect(retryAfter).toBeLessThanOrEqual(30 * 86_400);

      // Withdrawing one frees its place, and only its place.
      const del = await app.request(`/reputation/endorsements/${victims[0].handle}`, {
        method: 'DELETE',
        headers: bearer(spray.access),
      });
      expect(del.status).toBe(200);
      expect((await endorse(spray, victims[5])).status).toBe(201);
      expect((await endorse(spray, victims[0])).status).toBe(429);

      // A row over the quota (stored before the rule, or by a race) is not weighed.
      await db.query(`INSERT INTO endorsements (endorser_id, endorsee_id) VALUES ($1, $2)`, [spray.id, victims[6].id]);
      expect((await reputation(victims[6])).segments.endorsements.contacts).toBe(0);
      expect((await reputation(victims[5])).segments.endorsements.contacts).toBe(1);
    });

    it('gives the last place in the quota to one of several endorsements sent at once', async () => {
      const spray = await emailUser();
      await backDate(spray.id, 365);
      const victims: Person[] = [];
      for (let k = 0; k < 7; k++) victims.push(await emailUser());
      for (const v of victims.slice(0, 3)) expect((await endorse(spray, v)).status).toBe(201);
      const burst = await Promise.all(victims.slice(3).map((v) => endorse(spray, v)));
      expect(burst.map((r) => r.status).sort()).toEqual([201, 201, 429, 429]);
      const given = await app.request('/reputation/endorsements', { headers: bearer(spray.access) });
      expect(given.body.data.given).toHaveLength(5);
    });

    it('keeps the longest-standing endorsers when a flood of newer accounts fills the window', async () => {
      const victim = await target();
      const genuine = await emailUser();
      await adminSets(genuine.id, { kyc_status: 'approved' });
      await backDate(genuine.id, 365);
      expect((await endorse(genuine, victim, 'Neighbour for ten years.')).status).toBe(201);

      // 200 accounts of 40 days with verified e-mails endorse after it, as many as the window holds.
      const tag = unique('flood');
      await db.query(
        `WITH flood AS (
           INSERT INTO users (email, email_verified_at, status, is_verified, authentication_type, handle, created_at)
           SELECT $1 || '-' || g || '@example.com', now(), 'active', true, 'email',
                  lpad(floor(random() * 1e11)::bigint::text, 11, '0'), now() - interval '40 days'
             FROM generate_series(1, 200) g
           RETURNING id)
         INSERT INTO endorsements (endorser_id, endorsee_id, review, created_at)
         SELECT id, $2, 'Great', now() + interval '1 second' FROM flood`,
        [tag, victim.id],
      );
      const rep = await reputation(victim);
      const flood = weight(EMAIL_ONLY, 40 / 180, true);
      expect(rep.segments.endorsements).toMatchObject({
        score: segment([weight(EMAIL_KYC, 1, true), flood, flood, flood]),
        contacts: 4,
      });
    });
  });
});
