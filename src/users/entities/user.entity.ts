import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/security/index.js';
import type { KYC_STATUSES, USER_STATUSES } from '../user-values.js';

export type UserStatus = (typeof USER_STATUSES)[number];
export type AuthenticationType = 'email' | 'phone' | 'wallet';
export type KycStatus = (typeof KYC_STATUSES)[number];
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
@Check('users_status_check', `status IN ('pending','active','locked','suspended','deactivated')`)
@Check('users_authentication_type_check', `authentication_type IN ('email','phone','wallet')`)
@Check('users_role_check', `role IN ('user','underwriter','admin')`)
@Check('users_gender_check', `gender IN ('male','female','other')`)
@Check('users_kyc_status_check', `kyc_status IN ('not_started','pending','approved','rejected')`)
@Check('users_handle_check', `handle ~ '^[0-9]{11}$'`)
// Emails are stored lower-cased, so the unique constraint is case-insensitive.
@Check('users_email_check', 'email IS NULL OR email = lower(email)')
@Unique('users_email_key', ['email'])
@Unique('users_phone_key', ['phone'])
@Unique('users_handle_key', ['handle'])
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
