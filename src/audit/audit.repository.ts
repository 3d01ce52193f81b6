import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import type { AuditAction, AuditTargetType } from './audit-actions.js';
import { AuditEntry } from './entities/audit-entry.entity.js';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'createdAt'>;

export interface AuditFilter {
  actorId?: string;
  targetType?: AuditTargetType;
  targetId?: string;
  action?: AuditAction;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** The audit_log table: inserts inside the caller's transaction, and filtered reads. Nothing else. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Through the caller's manager, so the row commits or rolls back with the change it records. */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<void> {
    const rows = manager.getRepository(AuditEntry);
    await rows.save(rows.create(entry), { reload: false });
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<{ rows: AuditEntry[]; total: number }> {
    const query = this.entries.createQueryBuilder('a');
    if (filter.actorId) query.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.targetType) query.andWhere('a.targetType = :targetType', { targetType: filter.targetType });
    if (filter.targetId) query.andWhere('a.targetId = :targetId', { targetId: filter.targetId });
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('a.createdAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.createdAt < :to', { to: filter.to });
    const [rows, total] = await query
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset(page.offset)
      .limit(page.perPage)
      .getManyAndCount();
    return { rows, total };
  }
}
