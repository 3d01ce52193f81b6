import type { Pool, PoolClient } from 'pg';
import { startTestApp, unique, type TestApp, type TestResponse } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';

/**
 * What a hot request costs the database (issue 13): the statements the app sends while it answers one request.
 * Each is recorded as it leaves for a pooled connection. Not counted: the auth guard's session check and the
 * presence write (the auth module's, every authenticated route alike), and a partner's authentication and call
 * log (every partner route alike): what is counted is the route's own reads.
 */
const NOT_THE_ROUTES = [/\bsessions\b/, /"?last_seen_at"?\s*=/, /\bpartner_(clients|calls|verified_handles)\b/];

class StatementLog {
  private recording: string[] | null = null;
  private readonly wrapped = new WeakSet<PoolClient>();

  constructor(pool: Pool) {
    // Every checkout, including of connections opened before this log: each statement goes through one.
    pool.on('acquire', (client) => {
      if (this.wrapped.has(client)) return;
      this.wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const first = args[0] as string | { text: string };
        this.recording?.push(typeof first === 'string' ? first : first.text);
        return query(...args);
      };
    });
  }

  /** The route's statements while `request` runs. */
  async during(request: () => Promise<TestResponse>): Promise<{ res: TestResponse; statements: string[] }> {
    const seen: string[] = [];
    this.recording = seen;
    try {
      const res = await request();
      return { res, statements: seen.filter((s) => !NOT_THE_ROUTES.some((re) => re.test(s))) };
    } finally {
      this.recording = null;
    }
  }
}

/** A statement on one line, for a readable failure. */
const brief = (statement: string) => statement.replace(/\s+/g, ' ').trim();
/** Matches a brief() statement that names each of these tables. */
const naming = (...tables: string[]) =>
  expect.stringMatching(new RegExp(tables.map((t) => `(?=.*\\b${t}\\b)`).join('') + '^(SELECT|WITH|UPDATE)'));

describe('hot reads: one statement each (issue 13)', () => {
  let app: TestApp;
  let log: StatementLog;
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';

  beforeAll(async () => {
    await mail.start();
    app = await startTestApp({
      SMTP_URL: mail.url,
      RATE_LIMIT_ENABLED: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      // The outbox and code workers poll at most this often; a poll inside a measured request would be counted.
      OUTBOX_POLL_MS: '60000',
    });
    log = new StatementLog(app.provider<{ pool: Pool }>('DatabasePool').pool);
  });
  afterAll(async () => {
    await app?.stop();
    await mail.stop();
  });

  async function user() {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    return { ...account, access };
  }

  it('GET /api/profile reads the user, the default wallet and the latest score in one statement', async () => {
    const { access } = await user();
    const get = () => app.request('/profile', { headers: bearer(access) });
    const warm = await get();
    const { res, statements } = await log.during(get);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(warm.body);
    expect(statements.map(brief)).toEqual([naming('users', 'wallets', 'credit_scores')]);
  });

  it('PATCH /api/profile answers from the same one-statement read after its update', async () => {
    const { access } = await user();
    const { res, statements } = await log.during(() =>
      app.request('/profile', { method: 'PATCH', headers: bearer(access), json: { bio: 'counted' } }),
    );
    expect(res.status).toBe(200);
    expect(res.body.data.profile.bio).toBe('counted');
    // The current user (its privacy settings are merged), the update, the profile.
    expect(statements.map(brief)).toEqual([
      expect.stringMatching(/^SELECT .* FROM users WHERE id = \$1$/),
      expect.stringMatching(/^UPDATE "users" SET .*"bio"/),
      naming('users', 'wallets', 'credit_scores'),
    ]);
  });

  it('POST /api/loans/calculate reads the current score and the debt in one statement', async () => {
    const { access } = await user();
    const quote = () =>
      app.request('/loans/calculate', { method: 'POST', headers: bearer(access), json: { amount: 5000 } });
    // The first quote scores the user; the next ones reuse that score for 24 h.
    const first = await quote();
    expect(first.status).toBe(200);
    const { res, statements } = await log.during(quote);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(first.body);
    expect(statements.map(brief)).toEqual([naming('credit_scores', 'wallets', 'loan_installments', 'loans')]);
  });

  it('GET /api/credit/history reads a page and the total in one statement, after the verification sync', async () => {
    const { access } = await user();
    const page = (n: number) => app.request(`/credit/history?page=${n}&per_page=1`, { headers: bearer(access) });
    await page(1);
    const { res, statements } = await log.during(() => page(1));
    expect(res.status).toBe(200);
    expect(res.body.data.pagination).toMatchObject({ page: 1, per_page: 1, total: 1 });
    // The sync (the user with their wallets, then an insert of what is new) and the page with its total.
    const costs = [
      naming('users', 'wallets'),
      expect.stringMatching(/^INSERT INTO "credit_events"/),
      naming('credit_events'),
    ];
    expect(statements.map(brief)).toEqual(costs);
    // Past the end: no row, and still the total.
    const beyond = await log.during(() => page(3));
    expect(beyond.res.body.data.history).toEqual([]);
    expect(beyond.res.body.data.pagination).toMatchObject({ page: 3, total: 1, pages: 1, has_next: false });
    expect(beyond.statements.map(brief)).toEqual(costs);
  });

  it('GET /api/partner/users/:handleId reads the user, their endorsers and all their facts in one statement', async () => {
    const admin = (await login(app, adminEmail, adminPassword)).access;
    const partner = await app.request('/admin/partners', {
      method: 'POST',
      headers: bearer(admin),
      json: { name: unique('Partner '), contact: 'api@partner.example' },
    });
    expect(partner.status).toBe(201);
    const client = { authorization: `client ${partner.body.data.client_id}` };
    const endorsee = await user();
    const handle = (await app.request('/profile', { headers: bearer(endorsee.access) })).body.data.profile.handle;
    // An endorser old enough to count, so the statement has an endorser's facts to read too.
    const endorser = await user();
    await app.dataSource.query(`UPDATE users SET created_at = now() - interval '180 days' WHERE id = $1`, [
      endorser.id,
    ]);
    const endorsed = await app.request('/reputation/endorsements', {
      method: 'POST',
      headers: bearer(endorser.access),
      json: { handleId: handle },
    });
    expect(endorsed.status).toBe(201);

    const read = () => app.request(`/partner/users/${handle}`, { headers: client });
    const warm = await read();
    const { res, statements } = await log.during(read);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(warm.body);
    expect(res.body.reputation.segments.endorsements.contacts).toBe(1);
    expect(statements.map(brief)).toEqual([
      naming('users', 'endorsements', 'wallets', 'reputation_transactions', 'reputation_ratings', 'loans'),
    ]);
  });
});
