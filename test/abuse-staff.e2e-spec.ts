import type { DataSource } from 'typeorm';
import type { AuditService } from '../src/audit/audit.service.js';
import { startWithMail, stopWithMail, unique, type TestApp, type TestResponse } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { backdateLoan } from './support/loan-timeline.js';
import { MailCapture } from './support/mail-capture.js';

interface Installment {
  number: number;
  due_date: string;
  amount_due: number;
}

interface AuditRow {
  id: string;
  actor_id: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  request_id: string;
  created_at: string;
}

/**
 * Issue 10, finding 1 (self-dealing staff) and the audit log: no staff member acts on a loan they borrow or
 * on their own account, staff dates follow the loan's own timeline, and every staff and admin action leaves
 * exactly one append-only audit row, written with the change.
 */
describe('issue 10: staff and admin abuse', () => {
  let app: TestApp;
  let db: DataSource;
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let admin: { id: string; token: string };

  beforeAll(async () => {
    app = await startWithMail(mail, { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword });
    db = app.dataSource;
    const token = (await login(app, adminEmail, adminPassword)).access;
    const profile = await app.request('/profile', { headers: bearer(token) });
    admin = { id: profile.body.data.id as string, token };
  });
  afterAll(() => stopWithMail(app, mail));

  const send = (method: string, path: string, token: string, json?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { ...bearer(token), ...headers }, json });
  const post = (path: string, token: string, json: unknown = {}, headers: Record<string, string> = {}) =>
    send('POST', path, token, json, headers);
  const get = (path: string, token: string) => app.request(path, { headers: bearer(token) });

  async function person(): Promise<{ id: string; token: string; handle: string }> {
    const account = await registerVerified(app, mail);
    const token = (await login(app, account.email)).access;
    const profile = await get('/profile', token);
    return { id: account.id, token, handle: profile.body.data.profile.handle as string };
  }

  /** A user the seeded admin gave a staff role; their role is read live, so their token carries it at once. */
  async function staffMember(role: 'underwriter' | 'admin') {
    const member = await person();
    expect((await send('PATCH', `/admin/users/${member.id}`, admin.token, { role })).status).toBe(200);
    return member;
  }

  const small = { loan_type: 'personal', requested_amount: 1200, requested_term_months: 6, requested_rate: 5.5 };

  async function apply(token: string): Promise<string> {
    const applied = await post('/loans/apply', token, small);
    expect(applied.status).toBe(201);
    return applied.body.data.id as string;
  }

  async function score(token: string): Promise<number> {
    const res = await post('/credit/calculate-score', token, { force_recalculation: true });
    expect(res.status).toBe(200);
    return res.body.data.score as number;
  }

  /** The audit rows about one target, newest first. */
  async function auditOf(targetId: string): Promise<AuditRow[]> {
    const res = await get(`/admin/audit?target_id=${encodeURIComponent(targetId)}&per_page=100`, admin.token);
    expect(res.status).toBe(200);
    return res.body.data.entries as AuditRow[];
  }

  const requestId = (res: TestResponse) => res.headers.get('x-request-id')!;

  async function rowOf(targetId: string, res: TestResponse): Promise<AuditRow> {
    const rows = (await auditOf(targetId)).filter((r) => r.request_id === requestId(res));
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function expectNoRow(targetId: string, ...refused: TestResponse[]): Promise<void> {
    const ids = new Set((await auditOf(targetId)).map((r) => r.request_id));
    for (const res of refused)
      expect({ request: requestId(res), audited: ids.has(requestId(res)) }).toEqual({
        request: requestId(res),
        audited: false,
      });
  }

  describe('finding 1: self-dealing staff', () => {
    it("refuses an underwriter's disbursement of and payments on their own loan: it never reaches repaid and their score does not move", async () => {
      const underwriter = await staffMember('underwriter');
      const id = await apply(underwriter.token);
      const ownDecision = await post(`/admin/loans/${id}/decision`, underwriter.token, { decision: 'approve' });
      expect(ownDecision.status).toBe(403);
      expect(ownDecision.body.code).toBe('LOAN.OWN_APPLICATION');

      // Approved by another staff member, as in the finding.
      expect((await post(`/admin/loans/${id}/decision`, admin.token, { decision: 'approve' })).status).toBe(200);
      const ownPayout = await post(`/admin/loans/${id}/disburse`, underwriter.token, {});
      expect(ownPayout.status).toBe(403);
      expect(ownPayout.body).toMatchObject({ success: false, error: 'Forbidden', code: 'LOAN.OWN_LOAN' });
      expect(ownPayout.body.request_id).toBe(requestId(ownPayout));
      expect((await get(`/loans/${id}`, underwriter.token)).body.data.status).toBe('approved');

      const disbursed = await post(`/admin/loans/${id}/disburse`, admin.token, {});
      expect(disbursed.status).toBe(200);
      const before = await score(underwriter.token);

      const refused: TestResponse[] = [ownDecision, ownPayout];
      for (const inst of disbursed.body.data.installments as Installment[]) {
        const paid = await post(`/admin/loans/${id}/payments`, underwriter.token, { amount: inst.amount_due });
        expect({ n: inst.number, status: paid.status, code: paid.body.code }).toEqual({
          n: inst.number,
          status: 403,
          code: 'LOAN.OWN_LOAN',
        });
        refused.push(paid);
      }
      // Back-dated to 2024 or not, the borrower is refused before the date is looked at.
      const backdated = await post(`/admin/loans/${id}/payments`, underwriter.token, {
        amount: 1,
        paid_at: '2024-03-01T10:00:00.000Z',
      });
      expect(backdated.status).toBe(403);
      const ownDefault = await post(`/admin/loans/${id}/default`, underwriter.token, { reason: 'Write it off' });
      expect(ownDefault.status).toBe(403);
      expect(ownDefault.body.code).toBe('LOAN.OWN_LOAN');
      refused.push(backdated, ownDefault);

      const mine = await get(`/loans/${id}`, underwriter.token);
      expect(mine.body.data.status).toBe('active');
      expect(mine.body.data.payments).toEqual([]);
      const history = await get('/credit/history?per_page=100', underwriter.token);
      const types = history.body.data.history.map((e: { event_type: string }) => e.event_type);
      expect(types).not.toContain('loan_payment');
      expect(types).not.toContain('loan_repaid');
      expect(await score(underwriter.token)).toBe(before);
      await expectNoRow(id, ...refused);

      // The same underwriter may service somebody else's loan: the refusal is about the borrower, not the role.
      const other = await person();
      const otherLoan = await apply(other.token);
      expect((await post(`/admin/loans/${otherLoan}/decision`, admin.token, { decision: 'approve' })).status).toBe(200);
      expect((await post(`/admin/loans/${otherLoan}/disburse`, underwriter.token, {})).status).toBe(200);
      expect((await post(`/admin/loans/${otherLoan}/payments`, underwriter.token, { amount: 10 })).status).toBe(200);
    });

    it("refuses an admin's disbursement, payment and default on their own loan (admins are staff too)", async () => {
      const second = await staffMember('admin');
      const id = await apply(second.token);
      expect((await post(`/admin/loans/${id}/decision`, second.token, { decision: 'approve' })).status).toBe(403);
      expect((await post(`/admin/loans/${id}/decision`, admin.token, { decision: 'approve' })).status).toBe(200);
      const payout = await post(`/admin/loans/${id}/disburse`, second.token, {});
      expect(payout.body.code).toBe('LOAN.OWN_LOAN');
      expect((await post(`/admin/loans/${id}/disburse`, admin.token, {})).status).toBe(200);
      const paid = await post(`/admin/loans/${id}/payments`, second.token, { amount: 50 });
      expect(paid.status).toBe(403);
      expect(paid.body.code).toBe('LOAN.OWN_LOAN');
      const written = await post(`/admin/loans/${id}/default`, second.token, { reason: 'Write it off' });
      expect(written.status).toBe(403);
      expect(written.body.code).toBe('LOAN.OWN_LOAN');
    });

    it('refuses a payout dated before the application and payments dated 2024 on a loan applied for today', async () => {
      const user = await person();
      const id = await apply(user.token);
      const applied = (await get(`/loans/${id}`, user.token)).body.data.submitted_at as string;
      expect((await post(`/admin/loans/${id}/decision`, admin.token, { decision: 'approve' })).status).toBe(200);

      const beforeApplication = new Date(Date.parse(applied) - 3 * 86_400_000).toISOString();
      const early = await post(`/admin/loans/${id}/disburse`, admin.token, { disbursed_at: beforeApplication });
      expect(early.status).toBe(400);
      expect(early.body).toMatchObject({
        success: false,
        error: 'Bad Request',
        code: 'LOAN.DISBURSEMENT_OUT_OF_ORDER',
      });
      expect(early.body.details).toEqual([
        { field: 'disbursed_at', message: expect.stringMatching(/^must not be before the approval \(/) },
      ]);
      const in2024 = await post(`/admin/loans/${id}/disburse`, admin.token, {
        disbursed_at: '2024-01-15T09:00:00.000Z',
      });
      expect(in2024.status).toBe(400);
      expect(in2024.body.code).toBe('LOAN.DISBURSEMENT_OUT_OF_ORDER');
      const future = await post(`/admin/loans/${id}/disburse`, admin.token, {
        disbursed_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(future.status).toBe(400);
      expect(future.body.details).toEqual([{ field: 'disbursed_at', message: 'must not be in the future' }]);
      expect((await get(`/loans/${id}`, user.token)).body.data.status).toBe('approved');

      const disbursed = await post(`/admin/loans/${id}/disburse`, admin.token, {});
      expect(disbursed.status).toBe(200);
      const first = (disbursed.body.data.installments as Installment[])[0];
      const refused: TestResponse[] = [early, in2024, future];
      for (const paid_at of ['2024-02-01T09:00:00.000Z', '2024-12-31T23:59:59.000Z', beforeApplication]) {
        const res = await post(`/admin/loans/${id}/payments`, admin.token, { amount: first.amount_due, paid_at });
        expect({ paid_at, status: res.status, code: res.body.code, details: res.body.details }).toEqual({
          paid_at,
          status: 400,
          code: 'LOAN.PAYMENT_OUT_OF_ORDER',
          details: [{ field: 'paid_at', message: expect.stringMatching(/^must not be before the disbursement \(/) }],
        });
        refused.push(res);
      }
      const ahead = await post(`/admin/loans/${id}/payments`, admin.token, {
        amount: first.amount_due,
        paid_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(ahead.status).toBe(400);
      expect(ahead.body.details).toEqual([{ field: 'paid_at', message: 'must not be in the future' }]);
      refused.push(ahead);

      const loan = await get(`/loans/${id}`, user.token);
      expect(loan.body.data.payments).toEqual([]);
      const history = await get('/credit/history?per_page=100', user.token);
      expect(history.body.data.history.map((e: { event_type: string }) => e.event_type)).not.toContain('loan_payment');
      await expectNoRow(id, ...refused);

      // A payment received now is on the timeline.
      const now = await post(`/admin/loans/${id}/payments`, admin.token, { amount: first.amount_due });
      expect(now.status).toBe(200);
      expect(now.body.data.payments).toHaveLength(1);
    });

    it('keeps a back-dated loan on its own timeline: a payout from before its approval, a payment from before its payout', async () => {
      const user = await person();
      const id = await apply(user.token);
      expect((await post(`/admin/loans/${id}/decision`, admin.token, { decision: 'approve' })).status).toBe(200);
      const approvedAt = new Date(Date.now() - 60 * 86_400_000);
      await backdateLoan(app, id, approvedAt);
      const dayBefore = new Date(approvedAt.getTime() - 86_400_000).toISOString();
      expect((await post(`/admin/loans/${id}/disburse`, admin.token, { disbursed_at: dayBefore })).status).toBe(400);
      const payoutAt = new Date(approvedAt.getTime() + 86_400_000);
      const disbursed = await post(`/admin/loans/${id}/disburse`, admin.token, {
        disbursed_at: payoutAt.toISOString(),
      });
      expect(disbursed.status).toBe(200);
      expect(disbursed.body.data.disbursed_at).toBe(payoutAt.toISOString());
      const beforePayout = await post(`/admin/loans/${id}/payments`, admin.token, {
        amount: 10,
        paid_at: new Date(payoutAt.getTime() - 1000).toISOString(),
      });
      expect(beforePayout.status).toBe(400);
      expect(beforePayout.body.code).toBe('LOAN.PAYMENT_OUT_OF_ORDER');
      const atPayout = await post(`/admin/loans/${id}/payments`, admin.token, {
        amount: 10,
        paid_at: payoutAt.toISOString(),
      });
      expect(atPayout.status).toBe(200);
    });

    it('takes the staff role away at once: a demoted underwriter’s token no longer reaches staff routes', async () => {
      const underwriter = await staffMember('underwriter');
      expect((await get('/admin/loans', underwriter.token)).status).toBe(200);
      const selfPromotion = await send('PATCH', `/admin/users/${underwriter.id}`, underwriter.token, { role: 'admin' });
      expect(selfPromotion.status).toBe(403);
      expect((await send('PATCH', `/admin/users/${underwriter.id}`, admin.token, { role: 'user' })).status).toBe(200);
      expect((await get('/admin/loans', underwriter.token)).status).toBe(403);
      await expectNoRow(underwriter.id, selfPromotion);
    });
  });

  describe('finding 1: self-dealing admins', () => {
    it("refuses an admin's PATCH of their own KYC, role or status with 403 USERS.OWN_ACCOUNT, and leaves it unchanged and unaudited", async () => {
      const second = await staffMember('admin');
      const refused: TestResponse[] = [];
      for (const change of [{ kyc_status: 'approved' }, { role: 'underwriter' }, { status: 'suspended' }]) {
        const res = await send('PATCH', `/admin/users/${second.id}`, second.token, change);
        expect({ change, status: res.status, code: res.body.code, error: res.body.error }).toEqual({
          change,
          status: 403,
          code: 'USERS.OWN_ACCOUNT',
          error: 'Forbidden',
        });
        refused.push(res);
      }
      const self = await get(`/admin/users/${second.id}`, second.token);
      expect(self.body.data).toMatchObject({ role: 'admin', kyc_status: 'not_started', status: 'active' });
      await expectNoRow(second.id, ...refused);

      // Another admin may decide it; that is the separation.
      const decided = await send('PATCH', `/admin/users/${second.id}`, admin.token, { kyc_status: 'approved' });
      expect(decided.status).toBe(200);
      expect(decided.body.data.kyc_status).toBe('approved');
    });

    it('refuses a challenge by a partner client on the Credo ID of the admin who created it', async () => {
      const adminHandle = (await get('/profile', admin.token)).body.data.profile.handle as string;
      const own = await post('/admin/partners', admin.token, { name: unique('Own Partner ') });
      expect(own.status).toBe(201);
      const client = { authorization: `client ${own.body.data.client_id}` };
      const challenge = await app.request(`/partner/auth/${adminHandle}?delivery=email`, {
        method: 'POST',
        headers: client,
      });
      expect(challenge.status).toBe(403);
      expect(challenge.body.code).toBe('PARTNER.OWN_HANDLE');
      const signature = await app.request(`/partner/auth/${adminHandle}?method=signature`, {
        method: 'POST',
        headers: client,
      });
      expect(signature.status).toBe(403);

      // A client another admin created may verify this admin like anyone else.
      const second = await staffMember('admin');
      const theirs = await post('/admin/partners', second.token, { name: unique('Other Partner ') });
      const allowed = await app.request(`/partner/auth/${adminHandle}?delivery=email`, {
        method: 'POST',
        headers: { authorization: `client ${theirs.body.data.client_id}` },
      });
      expect(allowed.status).toBe(201);
    });
  });

  describe('finding 1: the audit log', () => {
    it('records each loan action with actor, role, action, target, the changed fields and the X-Request-Id of the response', async () => {
      const underwriter = await staffMember('underwriter');
      const user = await person();
      const id = await apply(user.token);
      const traced = `trace-${unique()}`;
      const approved = await post(
        `/admin/loans/${id}/decision`,
        underwriter.token,
        { decision: 'approve' },
        {
          'x-request-id': traced,
        },
      );
      expect(approved.status).toBe(200);
      expect(requestId(approved)).toBe(traced);
      const approval = await rowOf(id, approved);
      expect(approval).toMatchObject({
        actor_id: underwriter.id,
        actor_role: 'underwriter',
        action: 'loan.approve',
        target_type: 'loan',
        target_id: id,
        request_id: traced,
        before: { status: 'submitted', approved_amount: null, decided_by: null, decided_at: null },
        after: {
          status: 'approved',
          approved_amount: '1200.00',
          approved_term_months: 6,
          decided_by: underwriter.id,
          decided_at: approved.body.data.decision.decided_at,
        },
      });
      expect(Object.keys(approval.before).sort()).toEqual(Object.keys(approval.after).sort());
      expect(approval.before).not.toHaveProperty('closed_at'); // unchanged fields are left out
      expect(Date.parse(approval.created_at)).toBe(Date.parse(approved.body.data.decision.decided_at));

      const disbursed = await post(`/admin/loans/${id}/disburse`, underwriter.token, {});
      expect((await rowOf(id, disbursed)).after).toEqual({
        status: 'active',
        disbursed_at: disbursed.body.data.disbursed_at,
        installments: 6,
      });
      const first = (disbursed.body.data.installments as Installment[])[0];
      const paid = await post(`/admin/loans/${id}/payments`, admin.token, { amount: first.amount_due });
      const payment = await rowOf(id, paid);
      expect(payment).toMatchObject({ actor_id: admin.id, actor_role: 'admin', action: 'loan.payment' });
      const owed = (disbursed.body.data.installments as Installment[]).reduce(
        (sum, i) => sum + Math.round(i.amount_due * 100),
        0,
      );
      const decimal = (cents: number) => (cents / 100).toFixed(2);
      // Status and closing date did not change, so they are not there.
      expect(payment.before).toEqual({ balance: decimal(owed) });
      expect(payment.after).toEqual({
        balance: decimal(owed - Math.round(first.amount_due * 100)),
        payment: {
          id: paid.body.data.payments[0].id,
          amount: decimal(Math.round(first.amount_due * 100)),
          paid_at: paid.body.data.payments[0].paid_at,
          timeliness: 'on_time',
        },
      });

      const rejectedLoan = await apply((await person()).token);
      const rejected = await post(`/admin/loans/${rejectedLoan}/decision`, underwriter.token, {
        decision: 'reject',
        reason: 'Income not verified',
      });
      expect(await rowOf(rejectedLoan, rejected)).toMatchObject({
        action: 'loan.reject',
        before: { status: 'submitted', decision_reason: null, closed_at: null },
        after: { status: 'rejected', decision_reason: 'Income not verified' },
      });

      // A loan disbursed 150 days ago is in default; declaring it is audited too.
      const late = await person();
      const lateLoan = await apply(late.token);
      expect((await post(`/admin/loans/${lateLoan}/decision`, admin.token, { decision: 'approve' })).status).toBe(200);
      const start = new Date(Date.now() - 150 * 86_400_000);
      await backdateLoan(app, lateLoan, start);
      expect(
        (await post(`/admin/loans/${lateLoan}/disburse`, admin.token, { disbursed_at: start.toISOString() })).status,
      ).toBe(200);
      const defaulted = await post(`/admin/loans/${lateLoan}/default`, underwriter.token, { reason: 'No payment' });
      expect(defaulted.status).toBe(200);
      expect(await rowOf(lateLoan, defaulted)).toMatchObject({
        action: 'loan.default',
        actor_role: 'underwriter',
        before: { status: 'active', closed_at: null, decision_reason: null },
        after: { status: 'defaulted', decision_reason: 'No payment', reason: 'No payment' },
      });

      // Newest first: the payment, the disbursement, the approval.
      expect((await auditOf(id)).map((r) => r.action)).toEqual(['loan.payment', 'loan.disburse', 'loan.approve']);
    });

    it('records admin user changes and partner clients without secrets, and the suspension ends the sessions with it', async () => {
      const user = await person();
      const promoted = await send('PATCH', `/admin/users/${user.id}`, admin.token, { role: 'underwriter' });
      expect(await rowOf(user.id, promoted)).toMatchObject({
        actor_id: admin.id,
        action: 'user.update',
        target_type: 'user',
        before: { role: 'user' },
        after: { role: 'underwriter' },
      });
      const kyc = await send('PATCH', `/admin/users/${user.id}`, admin.token, { kyc_status: 'approved' });
      const kycRow = await rowOf(user.id, kyc);
      expect(kycRow.before).toEqual({ kyc_status: 'not_started', kyc_verified_at: null });
      expect(kycRow.after).toEqual({ kyc_status: 'approved', kyc_verified_at: expect.any(String) });
      const suspended = await send('PATCH', `/admin/users/${user.id}`, admin.token, { status: 'suspended' });
      expect((await rowOf(user.id, suspended)).after).toEqual({ status: 'suspended' });
      expect((await get('/profile', user.token)).status).toBe(401);
      const again = await send('PATCH', `/admin/users/${user.id}`, admin.token, { status: 'suspended' });
      expect(again.status).toBe(200);
      // A change that changes nothing is still an action on record, with nothing in before/after.
      expect(await rowOf(user.id, again)).toMatchObject({ before: {}, after: {} });

      const created = await post('/admin/partners', admin.token, {
        name: 'Audited Lending',
        contact: 'ops@audited.example',
        rate_limit_per_minute: 120,
      });
      const partnerId = created.body.data.id as string;
      const clientId = created.body.data.client_id as string;
      const creation = await rowOf(partnerId, created);
      expect(creation).toMatchObject({
        action: 'partner.create',
        target_type: 'partner',
        before: {},
        after: {
          name: 'Audited Lending',
          contact: 'ops@audited.example',
          rate_limit_per_minute: 120,
          revoked_at: null,
        },
      });
      const revoked = await send('DELETE', `/admin/partners/${partnerId}`, admin.token);
      const revocation = await rowOf(partnerId, revoked);
      expect(revocation).toMatchObject({
        action: 'partner.revoke',
        before: { revoked_at: null },
        after: { revoked_at: revoked.body.data.revoked_at },
      });
      const everything = JSON.stringify(await auditOf(partnerId));
      expect(everything).not.toContain(clientId);
      expect(everything).not.toContain(clientId.slice(0, 10));
      expect(everything).not.toMatch(/hash|client_id/);
    });

    it('writes no row for a refused action, and none outside or after a rolled-back transaction', async () => {
      const user = await person();
      const id = await apply(user.token);
      const refused = [
        await post(`/admin/loans/${id}/decision`, admin.token, { decision: 'reject' }), // no reason: 400
        await post(`/admin/loans/${id}/disburse`, admin.token, {}), // not approved: 409
        await post(`/admin/loans/${id}/payments`, admin.token, { amount: 5 }), // not active: 409
        await post(`/admin/loans/${id}/decision`, user.token, { decision: 'approve' }), // not staff: 403
      ];
      expect(refused.map((r) => r.status)).toEqual([400, 409, 409, 403]);
      expect(await auditOf(id)).toEqual([]);

      const audit = app.provider<AuditService>('AuditService');
      const actor = { userId: admin.id, role: 'admin' as const, requestId: `rollback-${unique()}` };
      const record = {
        action: 'user.update' as const,
        target: { type: 'user' as const, id: user.id },
        before: { status: 'active' },
        after: { status: 'suspended' },
      };
      await expect(audit.record(db.manager, actor, record)).rejects.toThrow(/transaction/);
      await expect(
        db.transaction(async (manager) => {
          await audit.record(manager, actor, record);
          throw new Error('the change failed after its audit row was written');
        }),
      ).rejects.toThrow('the change failed');
      expect(await auditOf(user.id)).toEqual([]);
    });

    it('filters by actor, target, action and time, newest first, with the pagination object of the other lists', async () => {
      const second = await staffMember('admin');
      const user = await person();
      const created = await post('/admin/partners', second.token, { name: unique('Filter ') });
      const partnerId = created.body.data.id as string;
      await send('PATCH', `/admin/users/${user.id}`, second.token, { kyc_status: 'pending' });
      await send('DELETE', `/admin/partners/${partnerId}`, second.token);

      const mine = await get(`/admin/audit?actor_id=${second.id}`, admin.token);
      expect(mine.status).toBe(200);
      const rows = mine.body.data.entries as AuditRow[];
      expect(rows.map((r) => r.action)).toEqual(['partner.revoke', 'user.update', 'partner.create']);
      expect(rows.every((r) => r.actor_id === second.id && r.actor_role === 'admin')).toBe(true);
      expect(mine.body.data.pagination).toEqual({
        page: 1,
        per_page: 20,
        total: 3,
        pages: 1,
        has_next: false,
        has_prev: false,
      });
      const page2 = await get(`/admin/audit?actor_id=${second.id}&per_page=2&page=2`, admin.token);
      expect(page2.body.data.entries.map((r: AuditRow) => r.id)).toEqual([rows[2].id]);
      expect(page2.body.data.pagination).toEqual({
        page: 2,
        per_page: 2,
        total: 3,
        pages: 2,
        has_next: false,
        has_prev: true,
      });

      const byTarget = await get(`/admin/audit?target_type=partner&target_id=${partnerId}`, admin.token);
      expect(byTarget.body.data.entries.map((r: AuditRow) => r.action)).toEqual(['partner.revoke', 'partner.create']);
      const users = await get(`/admin/audit?target_type=user&actor_id=${second.id}`, admin.token);
      expect(users.body.data.entries.map((r: AuditRow) => r.target_id)).toEqual([user.id]);
      const byAction = await get(`/admin/audit?action=partner.revoke&actor_id=${second.id}`, admin.token);
      expect(byAction.body.data.entries.map((r: AuditRow) => r.target_id)).toEqual([partnerId]);

      // [from, to): from the middle row on is two rows; before it, one.
      const middle = encodeURIComponent(rows[1].created_at);
      const fromMiddle = await get(`/admin/audit?actor_id=${second.id}&from=${middle}`, admin.token);
      expect(fromMiddle.body.data.entries.map((r: AuditRow) => r.action)).toEqual(['partner.revoke', 'user.update']);
      const toMiddle = await get(`/admin/audit?actor_id=${second.id}&to=${middle}`, admin.token);
      expect(toMiddle.body.data.entries.map((r: AuditRow) => r.action)).toEqual(['partner.create']);
      const later = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
      expect(
        (await get(`/admin/audit?actor_id=${second.id}&from=${later}`, admin.token)).body.data.pagination.total,
      ).toBe(0);
    });

    it('answers 400 in the envelope for an invalid filter, naming it', async () => {
      const cases: Array<[string, string]> = [
        ['actor_id=not-a-uuid', 'actor_id'],
        ['target_type=bank', 'target_type'],
        ['action=loan.steal', 'action'],
        ['action=loan.approve&action=loan.reject', 'action'],
        ['from=yesterday', 'from'],
        ['to=2025-13-01T00:00:00Z', 'to'],
        ['from=2025-02-01T00:00:00.000Z&to=2025-01-01T00:00:00.000Z', 'to'],
        [`target_id=${'x'.repeat(101)}`, 'target_id'],
        ['page=0', 'page'],
        ['per_page=abc', 'per_page'],
        ['request_id=1', 'request_id'],
      ];
      for (const [query, field] of cases) {
        const res = await get(`/admin/audit?${query}`, admin.token);
        expect({
          query,
          status: res.status,
          success: res.body.success,
          error: res.body.error,
          request_id: res.body.request_id,
          fields: res.body.details?.map((d: { field: string }) => d.field),
        }).toEqual({
          query,
          status: 400,
          success: false,
          error: 'Bad Request',
          request_id: requestId(res),
          fields: expect.arrayContaining([field]),
        });
      }
    });

    it('is for admins only: a user and an underwriter get 403, no token 401', async () => {
      const user = await person();
      const underwriter = await staffMember('underwriter');
      for (const token of [user.token, underwriter.token]) {
        const res = await get('/admin/audit', token);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ success: false, error: 'Forbidden' });
      }
      expect((await app.request('/admin/audit')).status).toBe(401);
    });

    it('offers no route that changes or deletes an audit row', async () => {
      const [row] = (await get('/admin/audit?per_page=1', admin.token)).body.data.entries as AuditRow[];
      for (const [method, path] of [
        ['POST', '/admin/audit'],
        ['DELETE', '/admin/audit'],
        ['PATCH', `/admin/audit/${row.id}`],
        ['PUT', `/admin/audit/${row.id}`],
        ['DELETE', `/admin/audit/${row.id}`],
      ]) {
        const res = await send(method, path, admin.token, method === 'DELETE' ? undefined : { action: 'x' });
        // A known path asked with a method it does not serve answers 405 with Allow (issue 14, finding 7), an
        // unknown one 404: either way, no such route.
        const expected = path === '/admin/audit' ? 405 : 404;
        expect({ method, path, status: res.status }).toEqual({ method, path, status: expected });
        if (expected === 405) expect(res.headers.get('allow')).toBe('GET, HEAD');
      }
      const [same] = (
        await get(`/admin/audit?target_id=${row.target_id}&per_page=100`, admin.token)
      ).body.data.entries.filter((r: AuditRow) => r.id === row.id);
      expect(same).toEqual(row);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit_log in the database itself', async () => {
      // The rows there now: on a shared database other suites may append their own meanwhile.
      const [{ last }] = await db.query<{ last: string }[]>(`SELECT max(id)::text AS last FROM audit_log`);
      const count = async () =>
        (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log WHERE id <= $1`, [last]))[0].n;
      const before = await count();
      expect(before).toBeGreaterThan(0);
      for (const sql of [
        `UPDATE audit_log SET action = 'loan.approve', before = '{}'::jsonb`,
        `UPDATE audit_log SET actor_id = gen_random_uuid() WHERE false`,
        `DELETE FROM audit_log`,
        `DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`,
        `TRUNCATE audit_log`,
      ]) {
        await expect(db.query(sql)).rejects.toThrow(/audit_log is append-only/);
      }
      expect(await count()).toBe(before);
    });
  });
});
