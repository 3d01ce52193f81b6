import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Failed password sign-ins per identifier, and the lockout they lead to. */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ type: 'text' })
  identifier: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
