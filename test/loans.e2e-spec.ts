import { stopWithMail, startWithMail, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { backdateLoan } from './support/loan-timeline.js';
import { MailCapture } from './support/mail-capture.js';
import { StaffWrites } from './support/staff-audit.js';

/** Seed 000's credit and loan routes, and the loan lifecycle beyond the seed, on platform signals alone. */
describe('Credit and loans (seed 000)', () => {
  let app: TestApp;
  const mail = new MailCapture();
  const adminEmail = `admin-${Date.now()}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let admin: string;
  let staff: StaffWrites;

  beforeAll(async () => {
    app = await startWithMail(mail, {
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
    staff = new StaffWrites(app);
    admin = (await login(app, adminEmail, adminPassword)).access;
  });
  afterAll(() => stopWithMail(app, mail));

  async function borrower(): Promise<{ id: string; token: string }> {
    const account = await registerVerified(app, mail);
    return { id: account.id, token: (await login(app, account.email)).access };
  }

  const post = (path: string, token: string, json: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { ...bearer(token), ...headers }, json });

  const personal = { loan_type: 'personal', requested_amount: 10000.0, requested_term_months: 36, requested_rate: 5.5 };

  async function applyAndDisburse(token: string, disbursedAt: string, terms = personal) {
    const applied = await post('/loans/apply', token, terms);
    expect(applied.status).toBe(201);
    const id = applied.body.data.id as string;
    expect((await post(`/admin/loans/${id}/decision`, admin, { decision: 'approve' })).status).toBe(200);
    // A payout may not precede the approval: the loan is moved back to when it was disbursed.
    await backdateLoan(app, id, new Date(disbursedAt));
    const disbursed = await post(`/admin/loans/${id}/disburse`, admin, { disbursed_at: disbursedAt });
    expect(disbursed.status).toBe(200);
    return disbursed.body.data;
  }

  describe('POST /api/loans/calculate', () => {
    it("reproduces the seed's example with a schedule that adds up to the cent", async () => {
      const { token } = await borrower();
      const res = await post('/loans/calculate', token, { amount: 10000, rate: 5.5, term_months: 36 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        success: true,
        data: {
          loan_amount: 10000.0,
          interest_rate: 5.5,
          term_months: 36,
          monthly_payment: 301.96,
          total_payment: 10870.56,
          total_interest: 870.56,
          approval_probability: expect.any(Number),
          credit_score: expect.any(Number),
          loan_type: 'personal',
        },
      });
      const schedule = res.body.data.schedule as { payment: number; interest: number; principal: number }[];
      expect(schedule).toHaveLength(36);
      const cents = (xs: number[]) => xs.reduce((s, x) => s + Math.round(x * 100), 0);
      expect(cents(schedule.map((r) => r.payment))).toBe(1087056);
      expect(cents(schedule.map((r) => r.interest))).toBe(87056);
      expect(cents(schedule.map((r) => r.principal))).toBe(1000000);
      expect(res.body.data.approval_probability).toBeGreaterThan(0);
      expect(res.body.data.approval_probability).toBeLessThanOrEqual(100);
    });

    it('uses the defaults 1000 / 5.0 / 36 and prices 0 % without interest', async () => {
      const { token } = await borrower();
      const defaults = await post('/loans/calculate', token, {});
      expect(defaults.body.data).toMatchObject({ loan_amount: 1000, interest_rate: 5, term_months: 36 });
      const free = await post('/loans/calculate', token, { amount: 1000, rate: 0, term_months: 3 });
      expect(free.body.data).toMatchObject({ monthly_payment: 333.34, total_payment: 1000, total_interest: 0 });
      expect(free.body.data.schedule.map((r: { payment: number }) => r.payment)).toEqual([333.34, 333.34, 333.32]);
    });

    it('refuses bad terms with one detail per field', async () => {
      const { token } = await borrower();
      const res = await post('/loans/calculate', token, { amount: -5, rate: 101, term_months: 481 });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['amount', 'rate', 'term_months']);
      const typed = await post('/loans/calculate', token, { amount: '1000' });
      expect(typed.status).toBe(400);
      const fraction = await post('/loans/calculate', token, { amount: 1000.001 });
      expect(fraction.status).toBe(400);
    });
  });

  describe('POST /api/credit/calculate-score', () => {
    it('scores platform signals when no wallet is linked, and says so', async () => {
      const { token } = await borrower();
      const res = await post('/credit/calculate-score', token, {});
      expect(res.status).toBe(200);
      const data = res.body.data;
      expect(data).toMatchObject({
        credit_score_id: expect.stringMatching(/^cs_[0-9a-f]{20}$/),
        score_range: { min: 300, max: 850 },
        model_version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        on_chain: { wallet_address: null, available: false, chains: [] },
      });
      expect(data.score).toBeGreaterThanOrEqual(300);
      expect(data.score).toBeLessThanOrEqual(850);
      expect(['Exceptional', 'Very Good', 'Good', 'Fair', 'Poor']).toContain(data.rating);
      expect(data.factors.some((f: { code: string }) => f.code === 'NO_ONCHAIN_DATA')).toBe(true);
      expect(data.factors.filter((f: { impact: string }) => f.impact === 'negative').length).toBeLessThanOrEqual(4);
      expect(data.recommendations.length).toBeGreaterThan(0);
    });

    it('returns a score younger than 24 h unchanged unless recalculation is forced', async () => {
      const { token } = await borrower();
      const first = await post('/credit/calculate-score', token, {});
      const again = await post('/credit/calculate-score', token, { force_recalculation: false });
      expect(again.body.data).toEqual(first.body.data);
      const forced = await post('/credit/calculate-score', token, { force_recalculation: true });
      expect(forced.body.data.credit_score_id).not.toBe(first.body.data.credit_score_id);

      const profile = await app.request('/profile', { headers: bearer(token) });
      expect(profile.body.data.profile).toMatchObject({
        credit_score: forced.body.data.score,
        last_score_update: forced.body.data.calculated_at,
      });
    });

    it("refuses a wallet that is not the caller's (403) and an address that is not one (400)", async () => {
      const { token } = await borrower();
      const foreign = await post('/credit/calculate-score', token, {
        walletAddress: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e',
      });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({ success: false, error: 'Forbidden', code: 'CREDIT.WALLET_NOT_LINKED' });
      const bad = await post('/credit/calculate-score', token, { walletAddress: '0x123' });
      expect(bad.status).toBe(400);
      const typed = await post('/credit/calculate-score', token, { force_recalculation: 'yes' });
      expect(typed.status).toBe(400);
    });

    it('explains a stored score from the inputs it used, to its owner only', async () => {
      const { token } = await borrower();
      const other = await borrower();
      const score = await post('/credit/calculate-score', token, {});
      const id = score.body.data.credit_score_id as string;
      const explained = await app.request(`/credit/scores/${id}`, { headers: bearer(token) });
      expect(explained.status).toBe(200);
      expect(explained.body.data.score).toBe(score.body.data.score);
      expect(explained.body.data.inputs.platform).toMatchObject({ hardInquiries12m: 0, defaultedLoans: 0 });
      const total = explained.body.data.characteristics.reduce((s: number, c: { points: number }) => s + c.points, 300);
      expect(Math.min(850, Math.max(300, total))).toBe(score.body.data.score);
      expect((await app.request(`/credit/scores/${id}`, { headers: bearer(other.token) })).status).toBe(404);
    });
  });

  describe('POST /api/loans/apply', () => {
    it("answers the seed's 201 and records a hard inquiry in the history", async () => {
      const { token } = await borrower();
      const res = await post('/loans/apply', token, {
        ...personal,
        application_data: { purpose: 'Debt consolidation', employment_status: 'employed' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        message: 'Loan application submitted successfully',
        data: {
          id: expect.stringMatching(/^la_[0-9a-f]{20}$/),
          application_number: expect.stringMatching(new RegExp(`^LA-${new Date().getUTCFullYear()}-\\d{6,}$`)),
          status: 'submitted',
          loan_type: 'personal',
          requested_amount: 10000.0,
          requested_term_months: 36,
          requested_rate: 5.5,
          credit_score_at_application: expect.any(Number),
          approval_probability: expect.any(Number),
          submitted_at: expect.any(String),
          estimated_response_time: '24-48 hours',
        },
      });
      const history = await app.request('/credit/history?page=1&per_page=20', { headers: bearer(token) });
      expect(history.status).toBe(200);
      const types = history.body.data.history.map((e: { event_type: string }) => e.event_type);
      expect(types).toEqual(expect.arrayContaining(['credit_inquiry', 'loan_application', 'verification']));
      const inquiry = history.body.data.history.find((e: { event_type: string }) => e.event_type === 'credit_inquiry');
      expect(inquiry).toMatchObject({
        id: expect.stringMatching(/^ch_/),
        impact: 'neutral',
        description: 'Credit check for loan application',
      });

      const rescored = await post('/credit/calculate-score', token, { force_recalculation: true });
      const explained = await app.request(`/credit/scores/${rescored.body.data.credit_score_id}`, {
        headers: bearer(token),
      });
      expect(explained.body.data.inputs.platform.hardInquiries12m).toBe(1);
    });

    it('checks amounts and terms against the loan type', async () => {
      const { token } = await borrower();
      const res = await post('/loans/apply', token, {
        loan_type: 'mortgage',
        requested_amount: 1000,
        requested_term_months: 12,
      });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'requested_amount',
        'requested_term_months',
      ]);
      const type = await post('/loans/apply', token, { ...personal, loan_type: 'yacht' });
      expect(type.status).toBe(400);
      const extra = await post('/loans/apply', token, { ...personal, status: 'approved' });
      expect(extra.status).toBe(400);
    });

    it('creates one application from 30 parallel requests with one Idempotency-Key', async () => {
      const { token } = await borrower();
      const key = `key-${Date.now()}`;
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => post('/loans/apply', token, personal, { 'idempotency-key': key })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
      const ids = new Set(answers.map((a) => a.body.data.id));
      expect(ids.size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(29);
      const list = await app.request('/loans', { headers: bearer(token) });
      expect(list.body.data.pagination.total).toBe(1);

      const reused = await post(
        '/loans/apply',
        token,
        { ...personal, requested_amount: 12000 },
        { 'idempotency-key': key },
      );
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('LOAN.IDEMPOTENCY_KEY_REUSED');
      const secondOpen = await post('/loans/apply', token, personal);
      expect(secondOpen.status).toBe(409);
      expect(secondOpen.body.code).toBe('LOAN.APPLICATION_OPEN');
    });
  });

  describe('loan lifecycle', () => {
    it('keeps loans private: no one sees or cancels another user’s loan, users get 403 on underwriter routes', async () => {
      const alice = await borrower();
      const bob = await borrower();
      const applied = await post('/loans/apply', alice.token, personal);
      const id = applied.body.data.id as string;
      expect((await app.request(`/loans/${id}`, { headers: bearer(bob.token) })).status).toBe(404);
      expect((await post(`/loans/${id}/cancel`, bob.token, {})).status).toBe(404);
      expect((await app.request('/loans', { headers: bearer(bob.token) })).body.data.loans).toEqual([]);
      for (const action of ['decision', 'disburse', 'payments', 'default']) {
        const res = await post(`/admin/loans/${id}/${action}`, bob.token, {
          decision: 'approve',
          amount: 1,
          reason: 'x',
        });
        expect(res.status).toBe(403);
      }
      expect((await app.request('/admin/loans', { headers: bearer(alice.token) })).status).toBe(403);

      const cancelled = await post(`/loans/${id}/cancel`, alice.token, {});
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.data.status).toBe('cancelled');
      expect((await post(`/loans/${id}/cancel`, alice.token, {})).status).toBe(409);
    });

    it('moves through approval, disbursement and on-time payments to repaid, and the score rises', async () => {
      const user = await borrower();
      const before = await post('/credit/calculate-score', user.token, { force_recalculation: true });
      const applied = await post('/loans/apply', user.token, {
        ...personal,
        requested_amount: 1200,
        requested_term_months: 6,
      });
      const id = applied.body.data.id as string;

      const rejectNoReason = await post(`/admin/loans/${id}/decision`, admin, { decision: 'reject' });
      expect(rejectNoReason.status).toBe(400);
      const tooMuch = await post(`/admin/loans/${id}/decision`, admin, { decision: 'approve', approved_amount: 5000 });
      expect(tooMuch.status).toBe(400);
      const approved = await post(`/admin/loans/${id}/decision`, admin, {
        decision: 'approve',
        approved_rate: 6,
      });
      expect(approved.body.data).toMatchObject({
        status: 'approved',
        decision: { approved_amount: 1200, approved_rate: 6, approved_term_months: 6, monthly_payment: 203.51 },
      });
      expect((await post(`/admin/loans/${id}/decision`, admin, { decision: 'approve' })).status).toBe(409);

      const start = new Date(Date.now() - 200 * 86_400_000);
      await backdateLoan(app, id, start);
      const active = await post(`/admin/loans/${id}/disburse`, admin, { disbursed_at: start.toISOString() });
      expect(active.body.data.status).toBe('active');
      const installments = active.body.data.installments as { due_date: string; amount_due: number }[];
      expect(installments).toHaveLength(6);
      expect(Math.round(installments.reduce((s, i) => s + i.amount_due * 100, 0))).toBe(122106);

      const paid = [];
      for (const inst of installments) {
        const res = await post(`/admin/loans/${id}/payments`, admin, {
          amount: inst.amount_due,
          paid_at: `${inst.due_date}T09:00:00.000Z`,
        });
        expect(res.status).toBe(200);
        paid.push(res);
      }
      const last = paid[paid.length - 1];
      expect(last.body.data).toMatchObject({ status: 'repaid', outstanding_principal: 0 });
      expect(last.body.data.installments.every((i: { status: string }) => i.status === 'paid_on_time')).toBe(true);
      expect((await post(`/admin/loans/${id}/payments`, admin, { amount: 1 })).status).toBe(409);

      const mine = await app.request(`/loans/${id}`, { headers: bearer(user.token) });
      expect(mine.body.data.payments).toHaveLength(6);
      const history = await app.request('/credit/history?per_page=100', { headers: bearer(user.token) });
      const types = history.body.data.history.map((e: { event_type: string }) => e.event_type);
      expect(types.filter((t: string) => t === 'loan_payment')).toHaveLength(6);
      expect(types).toEqual(expect.arrayContaining(['loan_approved', 'loan_disbursement', 'loan_repaid']));

      const after = await post('/credit/calculate-score', user.token, { force_recalculation: true });
      expect(after.body.data.score).toBeGreaterThan(before.body.data.score);

      // The same record feeds the Credo reputation's behaviour segment.
      const reputation = await app.request('/reputation/me', { headers: bearer(user.token) });
      expect(reputation.body.data.payments.loans).toEqual({
        onTime: 6,
        late: 0,
        missed: 0,
        repaidLoans: 1,
        defaultedLoans: 0,
      });
    });

    it('counts late and missed payments, allows default only when overdue, and the score falls', async () => {
      const user = await borrower();
      const baseline = await post('/credit/calculate-score', user.token, {});
      const start = new Date(Date.now() - 150 * 86_400_000);
      const loan = await applyAndDisburse(user.token, start.toISOString(), {
        ...personal,
        requested_amount: 3000,
        requested_term_months: 12,
      });
      const id = loan.id as string;

      const first = loan.installments[0] as { due_date: string; amount_due: number };
      const late = new Date(Date.parse(`${first.due_date}T00:00:00Z`) + 10 * 86_400_000);
      const paid = await post(`/admin/loans/${id}/payments`, admin, {
        amount: first.amount_due,
        paid_at: late.toISOString(),
      });
      expect(paid.body.data.installments[0].status).toBe('paid_late');
      expect(paid.body.data.payments[0].timeliness).toBe('late');

      const early = await post(`/admin/loans/${id}/payments`, admin, {
        amount: 1,
        paid_at: new Date(late.getTime() - 86_400_000).toISOString(),
      });
      expect(early.status).toBe(400);
      expect(early.body.code).toBe('LOAN.PAYMENT_OUT_OF_ORDER');
      const over = await post(`/admin/loans/${id}/payments`, admin, { amount: 99999 });
      expect(over.body.code).toBe('LOAN.OVERPAYMENT');

      const afterLate = await post('/credit/calculate-score', user.token, { force_recalculation: true });
      const explained = await app.request(`/credit/scores/${afterLate.body.data.credit_score_id}`, {
        headers: bearer(user.token),
      });
      expect(explained.body.data.inputs.platform.payments).toMatchObject({ late: 1 });
      expect(explained.body.data.inputs.platform.payments.missed).toBeGreaterThanOrEqual(2);
      // A loan with one late and several missed instalments scores below having no loan at all.
      expect(afterLate.body.data.score).toBeLessThan(baseline.body.data.score);
      expect(afterLate.body.data.factors.some((f: { impact: string }) => f.impact === 'negative')).toBe(true);

      const defaulted = await post(`/admin/loans/${id}/default`, admin, { reason: 'No payment for 120 days' });
      expect(defaulted.status).toBe(200);
      expect(defaulted.body.data.status).toBe('defaulted');
      const afterDefault = await post('/credit/calculate-score', user.token, { force_recalculation: true });
      expect(afterDefault.body.data.score).toBeLessThan(afterLate.body.data.score);

      const fresh = await borrower();
      const current = await applyAndDisburse(fresh.token, new Date().toISOString());
      const refused = await post(`/admin/loans/${current.id}/default`, admin, { reason: 'Impatient' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('LOAN.NOT_DELINQUENT');
    });

    it('lists with the exact pagination object and caps per_page at 100', async () => {
      const { token } = await borrower();
      for (const loan_type of ['personal', 'auto'] as const) {
        const amount = loan_type === 'auto' ? 20000 : 5000;
        expect(
          (await post('/loans/apply', token, { loan_type, requested_amount: amount, requested_term_months: 24 }))
            .status,
        ).toBe(201);
      }
      const page = await app.request('/loans?page=2&per_page=1', { headers: bearer(token) });
      expect(page.body.data.pagination).toEqual({
        page: 2,
        per_page: 1,
        total: 2,
        pages: 2,
        has_next: false,
        has_prev: true,
      });
      expect(page.body.data.loans[0].loan_type).toBe('personal');
      const capped = await app.request('/credit/history?per_page=5000', { headers: bearer(token) });
      expect(capped.body.data.pagination.per_page).toBe(100);
      for (const bad of ['page=0', 'page=abc', 'per_page=-1', 'page=1&page=2', 'per_page=1.5']) {
        const res = await app.request(`/credit/history?${bad}`, { headers: bearer(token) });
        expect({ bad, status: res.status, success: res.body.success }).toEqual({ bad, status: 400, success: false });
      }
    });
  });

  describe('audit log', () => {
    it('has one audit row for every successful staff write of this suite, with its request id, and none for a refused one', async () => {
      expect(await staff.expectAudited(admin)).toBeGreaterThan(10);
      expect(staff.writes.some((w) => w.status >= 400)).toBe(true);
    });
  });
});
