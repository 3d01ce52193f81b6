import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { PartnerChallenge } from '../entities/partner-challenge.entity.js';
import { insertExpiring, returnedEntities } from '../../database/returned-rows.js';

/** A challenge to store; it expires `ttlSeconds` after the database's now(). */
export type NewChallenge = Pick<PartnerChallenge, 'challengeHash' | 'partnerId' | 'userId' | 'method' | 'maxAttempts'> &
  Partial<Pick<PartnerChallenge, 'id' | 'delivery' | 'codeLength' | 'codeHash' | 'nonce'>> & { ttlSeconds: number };

/** What checking one reserved attempt needs. */
export type ReservedAttempt = Pick<
  PartnerChallenge,
  'id' | 'userId' | 'method' | 'codeHash' | 'nonce' | 'attempts' | 'maxAttempts'
>;

export interface RecentPasscodes {
  count: number;
  /** Seconds since the oldest of them was created; null when there is none. */
  oldestAgeSeconds: number | null;
}

/** Why a challenge took no attempt, as the database's clock sees it. */
export interface ChallengeState {
  verified: boolean;
  expired: boolean;
}

/**
 * The partner_challenges table. Times (creation, expiry, the passcode window) are the database's now(), never
 * this process's clock, so every instance agrees on them.
 */
@Injectable()
export class PartnerChallengesRepository {
  constructor(@InjectRepository(PartnerChallenge) private readonly challenges: Repository<PartnerChallenge>) {}

  /** Passcode challenges created for the user in the last hour, by any partner. */
  async recentPasscodes(userId: string): Promise<RecentPasscodes> {
    const row = await this.challenges
      .createQueryBuilder('c')
      .select('count(*)::int', 'count')
      .addSelect('EXTRACT(EPOCH FROM (now() - min(c.createdAt)))::float', 'oldest')
      .where('c.userId = :userId', { userId })
      .andWhere(`c.method = 'passcode'`)
      .andWhere(`c.createdAt > now() - interval '1 hour'`)
      .getRawOne<{ count: number; oldest: number | null }>();
    return { count: row?.count ?? 0, oldestAgeSeconds: row?.oldest ?? null };
  }

  /** Stores the challenge (in the caller's transaction when given one) and returns when it expires. */
  async insert(challenge: NewChallenge, manager?: EntityManager): Promise<Date> {
    const { ttlSeconds, ...values } = challenge;
    return insertExpiring(manager ? manager.getRepository(PartnerChallenge) : this.challenges, values, ttlSeconds);
  }

  /**
   * Spends one attempt of a live challenge of this partner, or none: one conditional UPDATE … RETURNING, so
   * parallel answers can never spend more attempts than the challenge allows. Null when no attempt was left,
   * the challenge is verified or expired, or it is not this partner's.
   */
  async reserveAttempt(challengeHash: string, partnerId: string): Promise<ReservedAttempt | null> {
    const result = await this.challenges
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1' })
      .where({ challengeHash, partnerId, verifiedAt: IsNull() })
      .andWhere('expires_at > now() AND attempts < max_attempts')
      .returning(['id', 'userId', 'method', 'codeHash', 'nonce', 'attempts', 'maxAttempts'])
      .execute();
    const [row] = returnedEntities(this.challenges, result.raw);
    return row ? row : null;
  }

  /** True for exactly one caller per challenge: the UPDATE that set verified_at. */
  async markVerified(id: string): Promise<boolean> {
    const result = await this.challenges
      .createQueryBuilder()
      .update()
      .set({ verifiedAt: () => 'now()' })
      .where({ id, verifiedAt: IsNull() })
      .returning(['id'])
      .execute();
    return returnedEntities(this.challenges, result.raw).length > 0;
  }

  async state(challengeHash: string, partnerId: string): Promise<ChallengeState | null> {
    const row = await this.challenges
      .createQueryBuilder('c')
      .select('c.verifiedAt IS NOT NULL', 'verified')
      .addSelect('c.expiresAt <= now()', 'expired')
      .where('c.challengeHash = :challengeHash AND c.partnerId = :partnerId', { challengeHash, partnerId })
      .getRawOne<ChallengeState>();
    return row ?? null;
  }
}
