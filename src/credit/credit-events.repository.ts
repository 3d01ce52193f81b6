import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, type EntityManager, type Repository } from 'typeorm';
import { prefixedId } from '../common/http/ids.js';
import type { PageRequest } from '../common/http/pagination.js';
import { CreditEvent } from './entities/credit-event.entity.js';

/** A row to record; the id is made here. */
export type NewCreditEvent = Pick<
  CreditEvent,
  'userId' | 'eventType' | 'eventDate' | 'amount' | 'impact' | 'description' | 'reference'
>;

/** What the history lists of an event. */
export type ListedCreditEvent = Pick<
  CreditEvent,
  'id' | 'eventType' | 'eventDate' | 'amount' | 'impact' | 'description'
>;

/** The credit_events table: idempotent inserts (in the caller's transaction when it has one) and reads. */
@Injectable()
export class CreditEventsRepository {
  constructor(@InjectRepository(CreditEvent) private readonly events: Repository<CreditEvent>) {}

  /** One insert for any number of events; one already recorded (same user, type and reference) is skipped. */
  async insertAll(manager: EntityManager, events: NewCreditEvent[]): Promise<void> {
    if (!events.length) return;
    // ON CONFLICT DO NOTHING without a target (what .orIgnore() writes): besides its fresh random id, a new
    // row can only meet the (user_id, event_type, reference) key.
    await manager
      .getRepository(CreditEvent)
      .createQueryBuilder()
      .insert()
      .values(events.map((e) => ({ ...e, id: prefixedId('ch') })))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  /** Newest first, ties by id (newest id first), so pages never repeat or skip a row. */
  page(userId: string, page: PageRequest): Promise<ListedCreditEvent[]> {
    return this.events.find({
      select: { id: true, eventType: true, eventDate: true, amount: true, impact: true, description: true },
      where: { userId },
      order: { eventDate: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.perPage,
    });
  }

  count(userId: string): Promise<number> {
    return this.events.countBy({ userId });
  }

  countInquiriesSince(userId: string, since: Date): Promise<number> {
    return this.events.countBy({ userId, eventType: 'credit_inquiry', eventDate: MoreThanOrEqual(since) });
  }
}
