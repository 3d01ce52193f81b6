import { decodeJwt } from 'jose';
import type { TestApp, TestResponse } from './app.js';
import { bearer } from './auth-helpers.js';

/** One staff or admin write a suite sent, as the client saw it. */
export interface StaffWrite {
  method: string;
  path: string;
  status: number;
  requestId: string;
  /** The user the bearer token named, if any. */
  actorId: string | null;
  json: unknown;
  response: TestResponse['body'];
}

interface AuditRow {
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

/** The audit row a successful write must have left: its action and target. */
function expectedRow(w: StaffWrite): Pick<AuditRow, 'action' | 'target_type' | 'target_id'> {
  const path = w.path.split('?')[0].replace(/\/$/, '');
  const loan = /^\/admin\/loans\/([^/]+)\/(decision|disburse|payments|default)$/.exec(path);
  if (w.method === 'POST' && loan) {
    const [, id, verb] = loan;
    const action =
      verb === 'decision'
        ? (w.json as { decision?: string }).decision === 'reject'
          ? 'loan.reject'
          : 'loan.approve'
        : { disburse: 'loan.disburse', payments: 'loan.payment', default: 'loan.default' }[verb]!;
    return { action, target_type: 'loan', target_id: id };
  }
  const user = /^\/admin\/users\/([^/]+)$/.exec(path);
  if (w.method === 'PATCH' && user) return { action: 'user.update', target_type: 'user', target_id: user[1] };
  if (w.method === 'POST' && path === '/admin/partners')
    return { action: 'partner.create', target_type: 'partner', target_id: w.response.data.id as string };
  const partner = /^\/admin\/partners\/([^/]+)$/.exec(path);
  if (w.method === 'DELETE' && partner)
    return { action: 'partner.revoke', target_type: 'partner', target_id: partner[1] };
  throw new Error(`No audit action is known for ${w.method} ${w.path}; teach test/support/staff-audit.ts`);
}

/**
 * Records every write a suite sends to an admin route (by wrapping `app.request`, so the suite's own calls
 * are unchanged), to compare with the audit log at the end: each successful one must have exactly one row
 * with its X-Request-Id, action and target; a refused one none.
 */
export class StaffWrites {
  readonly writes: StaffWrite[] = [];
  private readonly since = new Date(Date.now() - 60_000);

  constructor(private readonly app: TestApp) {
    const send = app.request.bind(app);
    app.request = async (path, init = {}) => {
      const res = await send(path, init);
      const method = (init.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'HEAD' && path.startsWith('/admin/')) {
        const auth = new Headers(init.headers).get('authorization') ?? '';
        let actorId: string | null = null;
        try {
          actorId = decodeJwt(auth.replace(/^Bearer /, '')).sub ?? null;
        } catch {
          actorId = null;
        }
        this.writes.push({
          method,
          path,
          status: res.status,
          requestId: res.headers.get('x-request-id')!,
          actorId,
          json: init.json,
          response: res.body,
        });
      }
      return res;
    };
  }

  /** Every audit row written since this recorder started, read through the admin API. */
  private async auditRows(adminToken: string): Promise<AuditRow[]> {
    const rows: AuditRow[] = [];
    for (let page = 1; ; page++) {
      const res = await this.app.request(
        `/admin/audit?per_page=100&page=${page}&from=${encodeURIComponent(this.since.toISOString())}`,
        { headers: bearer(adminToken) },
      );
      expect(res.status).toBe(200);
      rows.push(...(res.body.data.entries as AuditRow[]));
      if (!res.body.data.pagination.has_next) return rows;
    }
  }

  /** Compares the recorded writes with the audit log; returns how many successful writes were checked. */
  async expectAudited(adminToken: string): Promise<number> {
    const rows = await this.auditRows(adminToken);
    const byRequest = new Map<string, AuditRow[]>();
    for (const row of rows) byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row]);
    let succeeded = 0;
    for (const w of this.writes) {
      const found = byRequest.get(w.requestId) ?? [];
      const label = `${w.method} ${w.path} → ${w.status} (${w.requestId})`;
      if (w.status >= 200 && w.status < 300) {
        succeeded++;
        expect({ label, rows: found.length }).toEqual({ label, rows: 1 });
        expect({ label, ...pickRow(found[0]) }).toEqual({
          label,
          ...expectedRow(w),
          actor_id: w.actorId,
          request_id: w.requestId,
        });
      } else {
        expect({ label, rows: found.length }).toEqual({ label, rows: 0 });
      }
    }
    return succeeded;
  }
}

const pickRow = (r: AuditRow) => ({
  action: r.action,
  target_type: r.target_type,
  target_id: r.target_id,
  actor_id: r.actor_id,
  request_id: r.request_id,
});
