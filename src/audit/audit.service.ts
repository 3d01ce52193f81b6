import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { validationFailed } from '../common/errors/index.js';
import { pageRequest, pagination } from '../common/http/pagination.js';
import type { AuditAction, AuditTargetType } from './audit-actions.js';
import type { AuditActor } from './audit-actor.js';
import { AuditRepository } from './audit.repository.js';
import { changes, type Snapshot } from './changes.js';
import type { AuditListDto, AuditQueryDto } from './dto/audit.dto.js';
import type { AuditEntry } from './entities/audit-entry.entity.js';

export interface AuditRecord {
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  /** The fields the action may change, before it; only those that differ from `after` are kept. */
  before: Snapshot;
  /** The same fields after it, plus anything it created. Never a secret (client ids, hashes). */
  after: Snapshot;
}

/**
 * The append-only record of what staff and admins did. Writes happen only inside the transaction of the
 * change they record (a failed change leaves no row; a row never exists without its change).
 */
@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  async record(manager: EntityManager, actor: AuditActor, record: AuditRecord): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('An audit record must be written in the transaction of the change it records');
    const changed = changes(record.before, record.after);
    await this.entries.append(manager, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: record.action,
      targetType: record.target.type,
      targetId: record.target.id,
      before: changed.before,
      after: changed.after,
      requestId: actor.requestId,
    });
  }

  async list(query: AuditQueryDto): Promise<AuditListDto> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && to <= from) throw validationFailed([{ field: 'to', message: 'must be after from' }]);
    const page = pageRequest(query);
    const { rows, total } = await this.entries.list(
      {
        actorId: query.actor_id,
        targetType: query.target_type,
        targetId: query.target_id,
        action: query.action,
        from,
        to,
      },
      page,
    );
    return { entries: rows.map(view), pagination: pagination(page, total) };
  }
}

function view(e: AuditEntry) {
  return {
    id: e.id,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    before: e.before,
    after: e.after,
    request_id: e.requestId,
    created_at: new Date(e.createdAt).toISOString(),
  };
}
