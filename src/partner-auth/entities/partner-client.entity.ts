import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A Credo360 partner. Its client id is kept only as a hash, plus a hint for staff to tell clients apart. */
@Entity('partner_clients')
@Check('partner_clients_name_check', 'length(name) BETWEEN 1 AND 100')
@Check('partner_clients_rate_limit_per_minute_check', 'rate_limit_per_minute > 0')
@Unique('partner_clients_client_id_hash_key', ['clientIdHash'])
export class PartnerClient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  contact: string | null;

  @Column({ type: 'text' })
  clientIdHash: string;

  @Column({ type: 'text' })
  clientIdHint: string;

  @Column({ type: 'integer', default: 600 })
  rateLimitPerMinute: number;

  /** The admin who registered it. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('users', { name: 'partner_clients_created_by_fkey', onDelete: 'SET NULL' })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
