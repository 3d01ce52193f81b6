import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { ChallengeMethod } from '../verified-handles.service.js';

/** A handle a partner has proven ownership of: only for these may it submit behaviour data. */
@Entity('partner_verified_handles')
@Check('partner_verified_handles_method_check', `method IN ('passcode','signature')`)
export class PartnerVerifiedHandle {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('partner_clients', { name: 'partner_verified_handles_partner_id_fkey', onDelete: 'CASCADE' })
  partnerId: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey('users', { name: 'partner_verified_handles_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text' })
  method: ChallengeMethod;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  verifiedAt: Date;
}
