import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, type EntityManager, type Repository } from 'typeorm';
import { prefixedId } from '../common/http/ids.js';
import type { PageRequest } from '../common/http/pagination.js';
import { Sql } from '../database/sql.js';
import type { CreditEventRow } from './credit-history.service.js';
import { CreditEvent } from './entities/credit-event.entity.js';

/** A row to record; the id is made here. */
export type NewCreditEvent = Pick<
  CreditEvent,
  'userId' | 'eventType' | 'eventDate' | 'amount' | 'impact' | 'description' | 'reference'
>;

/** The credit_events table: idempotent inserts (in the caller's transaction when it has one) and reads. */
@Injectable()
export class CreditEventsRepository {
  constructor(
    @InjectRepository(CreditEvent) private readonly events: Repository<CreditEvent>,
    private readonly sql: Sql,
  ) {}

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

  /**
   * A page of the user's events, newest first, ties by id (newest id first) so pages never repeat or skip a
   * row, and how many events there are in all: one round trip (GET /api/credit/history, bench/RESULTS.md). The
   * count is its own one-row side of the join, so a page past the end still tells the total (one row with no
   * event), which a count(*) OVER () on the page's rows could not.
   */
  async page(userId: string, page: PageRequest): Promise<{ rows: CreditEventRow[]; total: number }> {
    const rows = await this.sql.rows<CreditEventRow & { total: number }>(
      `SELECT t.total, e.id, e.event_type, e.event_date, e.amount, e.impact, e.description
         FROM (SELECT count(*)::int AS total FROM credit_events WHERE user_id = $1) t
         LEFT JOIN LATERAL (
           SELECT id, event_type, event_date, amount, impact, description FROM credit_events
            WHERE user_id = $1 ORDER BY event_date DESC, id DESC OFFSET $2 LIMIT $3
         ) e ON true
        ORDER BY e.event_date DESC, e.id DESC`,
      [userId, page.offset, page.perPage],
      'credit-history-page',
    );
    return {
      total: rows[0].total,
      rows: rows
        .filter((r) => r.id !== null)
        .map(({ id, event_type, event_date, amount, impact, description }) => ({
          id,
          event_type,
          event_date,
          amount,
          impact,
          description,
        })),
    };
  }

  countInquiriesSince(userId: string, since: Date): Promise<number> {
    return this.events.countBy({ userId, eventType: 'credit_inquiry', eventDate: MoreThanOrEqual(since) });
  }
}
