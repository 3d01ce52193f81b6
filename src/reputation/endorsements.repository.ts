import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows.js';
import { REPUTATION_MODEL } from './model/reputation-model.js';

export interface EndorsementRow {
  other: string;
  review: string | null;
  created_at: Date;
}

export type InsertResult =
  | { kind: 'created'; review: string | null; createdAt: Date }
  | { kind: 'exists' }
  /** The endorser gave its quota within the period; `retryAt` is when the oldest of those leaves it. */
  | { kind: 'quota'; retryAt: Date };

const LIST_LIMIT = 200;
const { maxGivenPerPeriod, periodDays } = REPUTATION_MODEL.endorsementBounds;

/** All SQL of the endorsements table. */
@Injectable()
export class EndorsementsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts one endorsement unless the pair exists or the endorser is over its quota. The endorser's row is
   * locked first, so two endorsements sent at once cannot both take the last place in the quota.
   */
  insert(endorserId: string, endorseeId: string, review: string | null): Promise<InsertResult> {
    return this.db.transaction(async (m): Promise<InsertResult> => {
      await m.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [endorserId]);
      const exists = await queryRows(m, `SELECT 1 FROM endorsements WHERE endorser_id = $1 AND endorsee_id = $2`, [
        endorserId,
        endorseeId,
      ]);
      if (exists.length) return { kind: 'exists' };
      const [given] = await queryRows<{ n: number; oldest: Date | null }>(
        m,
        `SELECT count(*)::int AS n, min(created_at) AS oldest FROM endorsements
          WHERE endorser_id = $1 AND created_at > now() - make_interval(days => $2)`,
        [endorserId, periodDays],
      );
      if (given.n >= maxGivenPerPeriod) {
        return { kind: 'quota', retryAt: new Date(new Date(given.oldest!).getTime() + periodDays * 86_400_000) };
      }
      const rows = await queryRows<{ review: string | null; created_at: Date }>(
        m,
        `INSERT INTO endorsements (endorser_id, endorsee_id, review) VALUES ($1, $2, $3)
         ON CONFLICT (endorser_id, endorsee_id) DO NOTHING RETURNING review, created_at`,
        [endorserId, endorseeId, review],
      );
      return rows.length
        ? { kind: 'created', review: rows[0].review, createdAt: rows[0].created_at }
        : { kind: 'exists' };
    });
  }

  async delete(endorserId: string, endorseeId: string): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `DELETE FROM endorsements WHERE endorser_id = $1 AND endorsee_id = $2 RETURNING id`,
      [endorserId, endorseeId],
    );
    return rows.length > 0;
  }

  /** The newest endorsements a user gave or received; `other` is the user on the far side. */
  given(userId: string): Promise<EndorsementRow[]> {
    return queryRows<EndorsementRow>(
      this.db,
      `SELECT endorsee_id AS other, review, created_at FROM endorsements
        WHERE endorser_id = $1 ORDER BY created_at DESC, id LIMIT ${LIST_LIMIT}`,
      [userId],
    );
  }

  received(userId: string): Promise<EndorsementRow[]> {
    return queryRows<EndorsementRow>(
      this.db,
      `SELECT endorser_id AS other, review, created_at FROM endorsements
        WHERE endorsee_id = $1 ORDER BY created_at DESC, id LIMIT ${LIST_LIMIT}`,
      [userId],
    );
  }

  /**
   * The endorsements of a user that may count, for the model to weigh. Filtered here, not only in the model,
   * so that endorsements which can never count (a suspended, unverified or over-quota endorser) cannot crowd
   * the ones that do out of the maxConsidered window: an endorsement counts only if its endorser is neither
   * suspended, deactivated nor pending, has a verified e-mail or phone, and had given fewer than
   * maxGivenPerPeriod others in the period before it (the quota the insert enforces, re-checked for rows
   * stored before it existed or by a race). The window keeps the longest-standing endorsers, so a flood of
   * new accounts cannot push older evidence out.
   */
  countable(endorseeId: string): Promise<Array<{ endorser_id: string; has_review: boolean }>> {
    return queryRows(
      this.db,
      `SELECT e.endorser_id, e.review IS NOT NULL AS has_review
         FROM endorsements e JOIN users u ON u.id = e.endorser_id
        WHERE e.endorsee_id = $1
          AND u.status NOT IN ('suspended', 'deactivated', 'pending')
          AND ((u.email IS NOT NULL AND u.email_verified_at IS NOT NULL)
               OR (u.phone IS NOT NULL AND u.phone_verified_at IS NOT NULL))
          AND (SELECT count(*) FROM endorsements g
                WHERE g.endorser_id = e.endorser_id
                  AND g.created_at > e.created_at - make_interval(days => $3)
                  AND (g.created_at, g.id) < (e.created_at, e.id)) < $4
        ORDER BY u.created_at, u.id
        LIMIT $2`,
      [endorseeId, REPUTATION_MODEL.endorsements.maxConsidered, periodDays, maxGivenPerPeriod],
    );
  }
}
