import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditActor } from '../audit/index.js';
import { AuditService } from '../audit/audit.service.js';
import { clientIdHint, hashClientId, newClientId } from './client-id.js';
import type { PartnerClient as PartnerClientRow } from './entities/partner-client.entity.js';
import { PartnerError } from './partner-auth.errors.js';
import { PartnerClientsRepository } from './partner-clients.repository.js';

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

/** What the module shows of a client: never the hash of its id, nor who created it. */
const toClient = (r: PartnerClientRow): PartnerClient => ({
  id: r.id,
  name: r.name,
  contact: r.contact,
  clientIdHint: r.clientIdHint,
  rateLimitPerMinute: r.rateLimitPerMinute,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
  lastUsedAt: r.lastUsedAt,
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
    // Only for transaction boundaries (the audit row commits with the change it records); every statement is the repository's.
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: PartnerClientsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: AuditActor,
    input: { name: string; contact?: string; rateLimitPerMinute?: number },
  ): Promise<{ client: PartnerClient; clientId: string }> {
    const clientId = newClientId();
    const client = await this.db.transaction(async (manager) => {
      const created = toClient(
        await this.clients.insert(manager, {
          name: input.name,
          contact: input.contact ?? null,
          clientIdHash: hashClientId(clientId),
          clientIdHint: clientIdHint(clientId),
          rateLimitPerMinute: input.rateLimitPerMinute,
          createdBy: actor.userId,
        }),
      );
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
    return (await this.clients.list()).map(toClient);
  }

  async get(id: string): Promise<PartnerClient> {
    if (!UUID.test(id)) throw PartnerError.partnerNotFound();
    const row = await this.clients.findById(id);
    if (!row) throw PartnerError.partnerNotFound();
    return toClient(row);
  }

  /** The admin who created the client, if their account still exists. */
  creatorOf(id: string): Promise<string | null> {
    return this.clients.creatorOf(id);
  }

  /**
   * Takes effect on the next request on every instance: authentication reads the row each time. Revoking a
   * revoked client changes nothing and is still recorded.
   */
  async revoke(actor: AuditActor, id: string): Promise<PartnerClient> {
    if (!UUID.test(id)) throw PartnerError.partnerNotFound();
    return this.db.transaction(async (manager) => {
      const before = await this.clients.findByIdForUpdate(manager, id);
      if (!before) throw PartnerError.partnerNotFound();
      const revoked = toClient((await this.clients.revoke(manager, id))!);
      await this.audit.record(manager, actor, {
        action: 'partner.revoke',
        target: { type: 'partner', id },
        before: audited(toClient(before)),
        after: audited(revoked),
      });
      return revoked;
    });
  }

  async findByClientId(clientId: string): Promise<PartnerClient | null> {
    const row = await this.clients.findByClientIdHash(hashClientId(clientId));
    return row ? toClient(row) : null;
  }

  async touch(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.usedAt.get(id) ?? 0) < LAST_USED_INTERVAL_MS) return;
    if (this.usedAt.size > 10_000) this.usedAt.clear();
    this.usedAt.set(id, now);
    await this.clients.touch(id);
  }
}
