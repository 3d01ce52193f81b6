import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import type { CreditEventType, EventImpact } from '../credit-history.service.js';

/** One entry of a user's credit history. */
@Entity('credit_events')
@Check('credit_events_impact_check', `impact IN ('positive','negative','neutral')`)
// With the type, what the event is about makes recording it idempotent.
@Unique('credit_events_user_id_event_type_reference_key', ['userId', 'eventType', 'reference'])
// On (user_id, event_date DESC, id DESC) INCLUDE (event_type, amount, impact, description), so a history page
// is read from the index alone: TypeORM cannot declare INCLUDE, so it is only named here and the migration is its
// definition.
@Index('credit_events_user_page', { synchronize: false })
export class CreditEvent {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'credit_events_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'text' })
  eventType: CreditEventType;

  @Column({ type: 'timestamptz' })
  eventDate: Date;

  /** numeric: pg returns it as an exact decimal string. */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  amount: string | null;

  @Column({ type: 'text' })
  impact: EventImpact;

  @Column({ type: 'text' })
  description: string;

  /** What the event is about: a loan id, 'email'. */
  @Column({ type: 'text' })
  reference: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
