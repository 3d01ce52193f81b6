import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditActor } from '../audit/index.js';
import { AuditService } from '../audit/audit.service.js';
import { queryRows } from '../database/query-rows.js';
import { clientIdHint, hashClientId, newClientId } from './client-id.js';
import { PartnerError } from './partner-auth.errors.js';

export interface PartnerClient {
  id: string;
  name: string;
  contact: string | null;
  clientIdHint: string;
  rateLimitPerMinute: number;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

interface ClientRow {
  id: string;
  name: string;
  contact: string | null;
  client_id_hint: string;
  rate_limit_per_minute: number;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, name, contact, client_id_hint, rate_limit_per_minute, created_at, revoked_at, last_used_at';

const toClient = (r: ClientRow): PartnerClient => ({
  id: r.id,
  name: r.name,
  contact: r.contact,
  clientIdHint: r.client_id_hint,
  rateLimitPerMinute: r.rate_limit_per_minute,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `last_used_at` has a minute's resolution: one write per client per minute at most, never per request. */
const LAST_USED_INTERVAL_MS = 60_000;

/** What the audit log shows of a client: never its id, its hash or its hint (a piece of the id). */
const audited = (c: PartnerClient | null) =>
  c ? { name: c.name, contact: c.contact, rate_limit_per_minute: c.rateLimitPerMinute, revoked_at: c.revokedAt } : {};

/**
 * Partner clients: the id is shown once at creation and only its SHA-256 is kept. Creating and revoking one
 * are admin actions, each audited in its own transaction.
 */
@Injectable()
export class PartnerClientsService {
  private readonly usedAt = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: AuditActor,
    input: { name: string; contact?: string; rateLimitPerMinute?: number },
  ): Promise<{ client: PartnerClient; clientId: string }> {
    const clientId = newClientId();
    const client = await this.db.transaction(async (manager) => {
      const rows = await queryRows<ClientRow>(
        manager,
        `INSERT INTO partner_clients (name, contact, client_id_hash, client_id_hint, rate_limit_per_minute, created_by)
         VALUES ($1, $2, $3, $4, COALESCE($5, 600), $6) RETURNING ${COLUMNS}`,
        [
          input.name,
          input.contact ?? null,
          hashClientId(clientId),
          clientIdHint(clientId),
          input.rateLimitPerMinute ?? null,
          actor.userId,
        ],
      );
      const created = toClient(rows[0]);
      await this.audit.record(manager, actor, {
        action: 'partner.create',
        target: { type: 'partner', id: created.id },
        before: audited(null),
        after: audited(created),
      });
      return created;
    });
    return { client, clientId };
  }

  async list(): Promise<PartnerClient[]> {
    const rows = await queryRows<ClientRow>(this.db, `SELECT ${COLUMNS} FROM partner_clients ORDER BY created_at DESC`);
    return rows.map(toClient);
  }

  async get(id: string): Promise<PartnerClient> {
    if (!UUID.test(id)) throw PartnerError.partnerNotFound();
    const rows = await queryRows<ClientRow>(this.db, `SELECT ${COLUMNS} FROM partner_clients WHERE id = $1`, [id]);
    if (!rows.length) throw PartnerError.partnerNotFound();
    return toClient(rows[0]);
  }

  /** The admin who created the client, if their account still exists. */
  async creatorOf(id: string): Promise<string | null> {
    const rows = await queryRows<{ created_by: string | null }>(
      this.db,
      `SELECT created_by FROM partner_clients WHERE id = $1`,
      [id],
    );
    return rows[0]?.created_by ?? null;
  }

  /**
   * Takes effect on the next request on every instance: authentication reads the row each time. Revoking a
   * revoked client changes nothing and is still recorded.
   */
  async revoke(actor: AuditActor, id: string): Promise<PartnerClient> {
    if (!UUID.test(id)) throw PartnerError.partnerNotFound();
    return this.db.transaction(async (manager) => {
      const before = await queryRows<ClientRow>(
        manager,
        `SELECT ${COLUMNS} FROM partner_clients WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before.length) throw PartnerError.partnerNotFound();
      const rows = await queryRows<ClientRow>(
        manager,
        `UPDATE partner_clients SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      const revoked = toClient(rows[0]);
      await this.audit.record(manager, actor, {
        action: 'partner.revoke',
        target: { type: 'partner', id },
        before: audited(toClient(before[0])),
        after: audited(revoked),
      });
      return revoked;
    });
  }

  async findByClientId(clientId: string): Promise<PartnerClient | null> {
    const rows = await queryRows<ClientRow>(
      this.db,
      `SELECT ${COLUMNS} FROM partner_clients WHERE client_id_hash = $1`,
      [hashClientId(clientId)],
    );
    return rows.length ? toClient(rows[0]) : null;
  }

  async touch(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.usedAt.get(id) ?? 0) < LAST_USED_INTERVAL_MS) return;
    if (this.usedAt.size > 10_000) this.usedAt.clear();
    this.usedAt.set(id, now);
    await queryRows(this.db, `UPDATE partner_clients SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
