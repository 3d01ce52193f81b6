import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A refresh token, kept as a hash; `used_at` makes each one single-use so a replay is detected. */
@Entity('refresh_tokens')
@Index('refresh_tokens_session_idx', ['sessionId'])
export class RefreshToken {
  /** The token's `jti` claim, chosen when it is signed. */
  @PrimaryColumn({ type: 'uuid' })
  jti: string;

  @Column({ type: 'uuid' })
  @ForeignKey('sessions', { name: 'refresh_tokens_session_id_fkey', onDelete: 'CASCADE' })
  sessionId: string;

  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
