import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from '../codes/verification-code.service.js';

/**
 * A code send request, for known and unknown identifiers alike: cooldowns and hourly caps count these, and
 * the code dispatcher turns each into a code and a message (or into nothing) after the reply.
 */
@Entity('code_sends')
// sent_at DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('code_sends_dest_idx', ['destination', 'sentAt'])
@Index('code_sends_client_idx', ['destination', 'clientKey', 'sentAt'])
@Index('code_sends_pending_idx', ['id'], { where: 'processed_at IS NULL' })
export class CodeSend {
  /** bigint: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  destination: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;

  @Column({ type: 'text', nullable: true })
  clientKey: string | null;

  @Column({ type: 'text', nullable: true })
  channel: Channel | null;

  @Column({ type: 'boolean', default: false })
  link: boolean;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'code_sends_user_id_fkey', onDelete: 'CASCADE' })
  userId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** Only messages really sent count against an address's caps. */
  @Column({ type: 'boolean', default: false })
  delivered: boolean;
}
