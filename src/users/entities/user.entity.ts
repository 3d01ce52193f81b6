import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/security/index.js';

export type UserStatus = 'pending' | 'active' | 'locked' | 'suspended' | 'deactivated';
export type AuthenticationType = 'email' | 'phone' | 'wallet';
export type KycStatus = 'not_started' | 'pending' | 'approved' | 'rejected';
export type Gender = 'male' | 'female' | 'other';

/** What a user lets partners see beyond their first name (Credo360 profile). */
export interface PrivacySettings {
  show_last_name?: boolean;
  show_location?: boolean;
  show_age?: boolean;
  show_gender?: boolean;
  show_picture?: boolean;
}

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  phoneVerifiedAt: Date | null;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: UserStatus;

  @Column({ type: 'boolean', default: false })
  isVerified: boolean;

  @Column({ type: 'text' })
  authenticationType: AuthenticationType;

  @Column({ type: 'text', default: 'user' })
  role: Role;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'text', nullable: true })
  gender: Gender | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ type: 'text', nullable: true })
  country: string | null;

  @Column({ type: 'text', nullable: true })
  pictureUrl: string | null;

  @Column({ type: 'jsonb', default: {} })
  privacy: PrivacySettings;

  @Column({ type: 'text', default: 'not_started' })
  kycStatus: KycStatus;

  @Column({ type: 'timestamptz', nullable: true })
  kycVerifiedAt: Date | null;

  @Column({ type: 'text' })
  handle: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;
}
