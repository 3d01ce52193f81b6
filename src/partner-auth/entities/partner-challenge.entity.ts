import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Delivery } from '../challenges/challenge-rules.js';
import type { ChallengeMethod } from '../verified-handles.service.js';

/** A partner's attempt to prove it knows a handle's owner: a passcode sent to the user, or a wallet signature. */
@Entity('partner_challenges')
@Check('partner_challenges_method_check', `method IN ('passcode','signature')`)
@Check('partner_challenges_delivery_check', `delivery IN ('sms','email','otp')`)
@Check('partner_challenges_code_length_check', 'code_length BETWEEN 4 AND 8')
@Check('partner_challenges_max_attempts_check', 'max_attempts BETWEEN 1 AND 5')
// PostgreSQL's own names for the two unnamed table checks of the migration.
@Check('partner_challenges_check', `(method = 'passcode') = (code_hash IS NOT NULL)`)
@Check('partner_challenges_check1', `(method = 'signature') = (nonce IS NOT NULL)`)
@Unique('partner_challenges_challenge_hash_key', ['challengeHash'])
// created_at DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('partner_challenges_user_idx', ['userId', 'createdAt'])
export class PartnerChallenge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  challengeHash: string;

  @Column({ type: 'uuid' })
  @ForeignKey('partner_clients', { name: 'partner_challenges_partner_id_fkey', onDelete: 'CASCADE' })
  partnerId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'partner_challenges_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text' })
  method: ChallengeMethod;

  @Column({ type: 'text', nullable: true })
  delivery: Delivery | null;

  @Column({ type: 'integer', nullable: true })
  codeLength: number | null;

  /** Set exactly for passcode challenges. */
  @Column({ type: 'text', nullable: true })
  codeHash: string | null;

  /** Set exactly for signature challenges. */
  @Column({ type: 'text', nullable: true })
  nonce: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
