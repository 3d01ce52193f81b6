import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Channel = 'email' | 'sms';

/** What a message is for; it is named in the message itself and labels the outbox metrics. */
export type MessagePurpose = 'verification' | 'sign_in' | 'password_reset' | 'partner_passcode';

/**
 * A message waiting for (or done with) delivery. The body carries a code or link, so it is wiped once the
 * message is sent or given up; what stays is who, when and how it went.
 */
@Entity('outbox')
@Index('outbox_due_idx', ['nextAttemptAt'], { where: 'sent_at IS NULL AND failed_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  purpose: MessagePurpose;

  @Column({ type: 'text' })
  destination: string;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** Set while a worker sends it; another worker takes it over only after this passes. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** A code past its own expiry is not worth sending. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
