import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Sql } from '../database/sql.js';
import { MISSED_AFTER_DAYS } from '../loan-record/loan-record.types.js';
import type { User } from '../users/entities/user.entity.js';
import { SelectedColumns } from '../users/index.js';
import { REPUTATION_MODEL } from './model/reputation-model.js';

/** One person the reputation read returns: the user, or one of the endorsers that may count for them. */
export interface ReputationFactsRow {
  user: User;
  /** Null for the user read; for an endorser, whether their endorsement came with a review. */
  hasReview: boolean | null;
  /** When each linked wallet was verified, first linked first. */
  walletsVerifiedAt: Date[];
  completed: number;
  disputed: number;
  transactors: number;
  /** Ratings given 1 to 5. */
  ratingCounts: [number, number, number, number, number];
  reviews: number;
  loans: { onTime: number; late: number; missed: number; repaidLoans: number; defaultedLoans: number };
}

const { maxGivenPerPeriod, periodDays } = REPUTATION_MODEL.endorsementBounds;

/**
 * Who is read: a handle (the partner read) or a user id (the user's own). The two statements differ only in this.
 */
const TARGETS = {
  handle: { name: 'reputation-by-handle', where: 'handle = $1' },
  id: { name: 'reputation-by-id', where: 'id = $1' },
} as const;

/**
 * Everything the reputation model reads of a user, in one round trip (GET /api/partner/users/:handleId and
 * GET /api/reputation/me): the user; the endorsements they received that count against each endorser's quota
 * (as EndorsementsRepository.insert enforces it); of those endorsers, the oldest maxConsidered accounts in use with
 * a verified contact; and for the user and each such endorser their wallets, partner submissions and repayment
 * record. The users and wallets (users module) and loans and instalments (loan-record module) are other modules'
 * tables, read here so a partner's read does not wait for a statement per owner and per endorser; the repayment
 * counts are LoanRecordRepository.record's.
 */
@Injectable()
export class ReputationFactsRepository {
  private readonly columns: SelectedColumns<User>;

  constructor(
    private readonly sql: Sql,
    // The users table's mapping by its name: the entity is the users module's.
    @InjectDataSource() db: DataSource,
  ) {
    this.columns = new SelectedColumns<User>(db.getMetadata('users'), 'u');
  }

  /** The user first, then the endorsers oldest account first; empty when nobody has this handle or id. */
  async read(by: keyof typeof TARGETS, key: string, now = new Date()): Promise<ReputationFactsRow[]> {
    const target = TARGETS[by];
    const rows = await this.sql.rows<Record<string, unknown>>(
      `WITH target AS (
         SELECT id, status FROM users WHERE ${target.where}
       ), quota AS (
         -- An endorsement counts only if its endorser had given fewer than maxGivenPerPeriod others in the period
         -- before it: the quota the insert enforces, re-checked for rows stored before it existed or by a race.
         SELECT e.endorser_id, e.review IS NOT NULL AS has_review
           FROM endorsements e JOIN target t ON e.endorsee_id = t.id
          WHERE t.status NOT IN ('suspended', 'deactivated')
            AND (SELECT count(*) FROM endorsements g
                  WHERE g.endorser_id = e.endorser_id
                    AND g.created_at > e.created_at - make_interval(days => $2)
                    AND (g.created_at, g.id) < (e.created_at, e.id)) < $3
       ), endorsers AS (
         -- The oldest accounts, so a flood of new ones cannot push older evidence out of the window.
         SELECT en.id, q.has_review, row_number() OVER (ORDER BY en.created_at, en.id) AS rank
           FROM users en JOIN quota q ON q.endorser_id = en.id
          WHERE en.status NOT IN ('suspended', 'deactivated', 'pending')
            AND ((en.email IS NOT NULL AND en.email_verified_at IS NOT NULL)
                 OR (en.phone IS NOT NULL AND en.phone_verified_at IS NOT NULL))
          ORDER BY en.created_at, en.id
          LIMIT $4
       ), people AS (
         SELECT id, NULL::boolean AS has_review, 0::bigint AS rank FROM target
         UNION ALL SELECT id, has_review, rank FROM endorsers
       )
       SELECT ${this.columns.list}, p.has_review, p.rank,
              (SELECT coalesce(array_agg(w.verified_at ORDER BY w.created_at), '{}')
                 FROM wallets w WHERE w.user_id = u.id) AS wallets_verified_at,
              tx.completed, tx.disputed, tx.transactors, ra.r1, ra.r2, ra.r3, ra.r4, ra.r5, ra.reviews,
              lr.repaid, lr.defaulted, lr.on_time, lr.late, lr.missed
         FROM people p
         JOIN users u ON u.id = p.id
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
                  count(*) FILTER (WHERE t.status = 'disputed')::int AS disputed,
                  count(DISTINCT CAST(t.partner_id AS text) || ':' || t.counterparty_id)::int AS transactors
             FROM reputation_transactions t WHERE t.user_id = u.id
         ) tx
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE r.score = 1)::int AS r1, count(*) FILTER (WHERE r.score = 2)::int AS r2,
                  count(*) FILTER (WHERE r.score = 3)::int AS r3, count(*) FILTER (WHERE r.score = 4)::int AS r4,
                  count(*) FILTER (WHERE r.score = 5)::int AS r5, count(r.review)::int AS reviews
             FROM reputation_ratings r WHERE r.user_id = u.id
         ) ra
         CROSS JOIN LATERAL (
           WITH held AS (
             SELECT id, status FROM loans
              WHERE user_id = u.id AND status IN ('active', 'repaid', 'defaulted')
           ), inst AS (
             SELECT i.amount_due, i.amount_paid, i.paid_at, i.due_date
               FROM loan_installments i JOIN held h ON h.id = i.loan_id
           )
           SELECT (SELECT count(*) FROM held WHERE status = 'repaid')::int AS repaid,
                  (SELECT count(*) FROM held WHERE status = 'defaulted')::int AS defaulted,
                  (SELECT count(*) FROM inst
                    WHERE amount_paid >= amount_due AND (paid_at AT TIME ZONE 'UTC')::date <= due_date)::int AS on_time,
                  (SELECT count(*) FROM inst
                    WHERE amount_paid >= amount_due AND (paid_at AT TIME ZONE 'UTC')::date > due_date)::int AS late,
                  (SELECT count(*) FROM inst
                    WHERE amount_paid < amount_due AND due_date < ($5::date - $6::int))::int AS missed
         ) lr
        ORDER BY p.rank`,
      [key, periodDays, maxGivenPerPeriod, REPUTATION_MODEL.endorsements.maxConsidered, day(now), MISSED_AFTER_DAYS],
      target.name,
    );
    return rows.map((r) => ({
      user: this.columns.entity(r),
      hasReview: r.has_review as boolean | null,
      walletsVerifiedAt: r.wallets_verified_at as Date[],
      completed: r.completed as number,
      disputed: r.disputed as number,
      transactors: r.transactors as number,
      ratingCounts: [r.r1, r.r2, r.r3, r.r4, r.r5] as [number, number, number, number, number],
      reviews: r.reviews as number,
      loans: {
        onTime: r.on_time as number,
        late: r.late as number,
        missed: r.missed as number,
        repaidLoans: r.repaid as number,
        defaultedLoans: r.defaulted as number,
      },
    }));
  }
}

/** 'YYYY-MM-DD' in UTC, as LoanRecordService dates the record. */
const day = (now: Date) => now.toISOString().slice(0, 10);
