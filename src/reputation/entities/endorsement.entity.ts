import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One user vouching for another; once per pair, never for oneself. */
@Entity('endorsements')
// PostgreSQL's own name for the migration's unnamed table check.
@Check('endorsements_check', 'endorser_id <> endorsee_id')
@Unique('endorsements_endorser_id_endorsee_id_key', ['endorserId', 'endorseeId'])
// created_at DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('endorsements_endorsee_idx', ['endorseeId', 'createdAt'])
export class Endorsement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'endorsements_endorser_id_fkey', onDelete: 'CASCADE' })
  endorserId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'endorsements_endorsee_id_fkey', onDelete: 'CASCADE' })
  endorseeId: string;

  @Column({ type: 'text', nullable: true })
  review: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
