import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type ReputationTransactionStatus = 'completed' | 'disputed';

/** A transaction a partner reports for one of its verified handles; its external id makes resubmission safe. */
@Entity('reputation_transactions')
@Check('reputation_transactions_status_check', `status IN ('completed','disputed')`)
@Unique('reputation_transactions_partner_id_external_id_key', ['partnerId', 'externalId'])
@Index('reputation_transactions_user_idx', ['userId'])
export class ReputationTransaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('partner_clients', { name: 'reputation_transactions_partner_id_fkey', onDelete: 'CASCADE' })
  partnerId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'reputation_transactions_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text', nullable: true })
  counterpartyId: string | null;

  /** numeric: pg returns it as an exact decimal string. */
  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  amount: string | null;

  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Column({ type: 'text' })
  status: ReputationTransactionStatus;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
