import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A 1–5 rating a partner reports for one of its verified handles; its external id makes resubmission safe. */
@Entity('reputation_ratings')
@Check('reputation_ratings_score_check', 'score BETWEEN 1 AND 5')
@Unique('reputation_ratings_partner_id_external_id_key', ['partnerId', 'externalId'])
@Index('reputation_ratings_user_idx', ['userId'])
export class ReputationRating {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('partner_clients', { name: 'reputation_ratings_partner_id_fkey', onDelete: 'CASCADE' })
  partnerId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'reputation_ratings_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'text', nullable: true })
  review: string | null;

  @Column({ type: 'text', nullable: true })
  raterId: string | null;

  @Column({ type: 'text', nullable: true })
  transactionExternalId: string | null;

  @Column({ type: 'timestamptz' })
  ratedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
