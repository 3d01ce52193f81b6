import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who called what, about which handle, and how it ended; `partner_id` is null for an unknown client id. */
@Entity('partner_calls')
// created_at DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('partner_calls_partner_idx', ['partnerId', 'createdAt'])
export class PartnerCall {
  /** bigint: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('partner_clients', { name: 'partner_calls_partner_id_fkey', onDelete: 'CASCADE' })
  partnerId: string | null;

  @Column({ type: 'text' })
  method: string;

  @Column({ type: 'text' })
  route: string;

  @Column({ type: 'text', nullable: true })
  handle: string | null;

  /** The HTTP status of the reply. */
  @Column({ type: 'integer' })
  status: number;

  @Column({ type: 'text' })
  outcome: string;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
