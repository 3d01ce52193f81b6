import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../common/security/index.js';
import type { AuditAction, AuditTargetType } from '../audit-actions.js';

/** One staff or admin action. Rows are only ever inserted: a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_log')
@Index('audit_log_created', ['createdAt'])
@Index('audit_log_actor', ['actorId', 'createdAt'])
@Index('audit_log_target', ['targetType', 'targetId', 'createdAt'])
@Index('audit_log_action', ['action', 'createdAt'])
export class AuditEntry {
  /** bigint: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** No foreign key: the record of what someone did outlives their account. */
  @Column({ type: 'uuid' })
  actorId: string;

  /** The role the actor held when acting. */
  @Column({ type: 'text' })
  actorRole: Role;

  @Column({ type: 'text' })
  action: AuditAction;

  @Column({ type: 'text' })
  targetType: AuditTargetType;

  @Column({ type: 'text' })
  targetId: string;

  /** The changed fields as they were; `{}` when nothing existed before. */
  @Column({ type: 'jsonb' })
  before: Record<string, unknown>;

  /** The changed fields as they became, plus what the action created (e.g. the payment). */
  @Column({ type: 'jsonb' })
  after: Record<string, unknown>;

  @Column({ type: 'text' })
  requestId: string;

  /** The transaction's time, the same `now()` the change itself carries. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
