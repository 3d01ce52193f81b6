import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Channel, CodePurpose } from '../codes/verification-code.service.js';

/** A one-time code or sign-in link, kept as hashes. `user_id` is null for a sign-up not yet made. */
@Entity('verification_codes')
@Check('verification_codes_purpose_check', `purpose IN ('signup','login','password_reset','email_add')`)
@Check('verification_codes_channel_check', `channel IN ('email','sms')`)
@Unique('verification_codes_link_hash_key', ['linkHash'])
// created_at DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('verification_codes_lookup_idx', ['destination', 'purpose', 'createdAt'])
export class VerificationCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  purpose: CodePurpose;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  destination: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'verification_codes_user_id_fkey', onDelete: 'CASCADE' })
  userId: string | null;

  @Column({ type: 'text', nullable: true })
  codeHash: string | null;

  @Column({ type: 'text', nullable: true })
  linkHash: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', default: 5 })
  maxAttempts: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
