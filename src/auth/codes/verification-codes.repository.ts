import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { insertExpiring, returnedEntities } from '../../database/returned-rows.js';
import { VerificationCode } from '../entities/verification-code.entity.js';
import type { CodePurpose } from './verification-code.service.js';

/** A code to store; it expires `ttlSeconds` after the database's now(). */
export type NewCode = Pick<
  VerificationCode,
  'purpose' | 'channel' | 'destination' | 'userId' | 'codeHash' | 'linkHash' | 'maxAttempts'
> & { ttlSeconds: number };

/** What a spent code tells its caller. */
export type SpentCode = Pick<VerificationCode, 'id' | 'purpose' | 'channel' | 'destination' | 'userId'>;

/** A code with one more attempt reserved, and what checking that attempt needs. */
export type ReservedCode = SpentCode & Pick<VerificationCode, 'codeHash' | 'attempts' | 'maxAttempts'>;

/**
 * The verification_codes table. A code is live while unconsumed and unexpired by the database's now(); every
 * change of that (an attempt, consuming, replacing) is one conditional UPDATE, so parallel requests never
 * spend a code twice or get more attempts than it allows.
 */
@Injectable()
export class VerificationCodesRepository {
  constructor(@InjectRepository(VerificationCode) private readonly codes: Repository<VerificationCode>) {}

  /** Every open code for the identifier and purpose stops working, in the caller's transaction. */
  async consumeOpen(m: EntityManager, destination: string, purpose: CodePurpose): Promise<void> {
    await m
      .getRepository(VerificationCode)
      .update({ destination, purpose, consumedAt: IsNull() }, { consumedAt: () => 'now()' });
  }

  /** Stores the code in the caller's transaction and returns when it expires. */
  async insert(m: EntityManager, code: NewCode): Promise<Date> {
    const { ttlSeconds, ...values } = code;
    return insertExpiring(m.getRepository(VerificationCode), values, ttlSeconds);
  }

  async consumeOpenOf(destination: string, userId: string): Promise<void> {
    await this.codes.update({ destination, userId, consumedAt: IsNull() }, { consumedAt: () => 'now()' });
  }

  async findLiveLink(linkHash: string): Promise<Pick<VerificationCode, 'purpose' | 'destination'> | null> {
    return this.live('c')
      .select(['c.purpose', 'c.destination'])
      .andWhere('c.linkHash = :linkHash', { linkHash })
      .getOne();
  }

  /** The newest live code (not link) for the identifier and any of the purposes. */
  async newestLiveCodeId(destination: string, purposes: CodePurpose[]): Promise<string | null> {
    const row = await this.live('c')
      .select('c.id', 'id')
      .andWhere('c.destination = :destination AND c.purpose = ANY(:purposes)', { destination, purposes })
      .andWhere('c.codeHash IS NOT NULL')
      .orderBy('c.createdAt', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  /** Reserves one attempt of a live code; null when none is left or the code is no longer live. */
  async reserveAttempt(id: string): Promise<ReservedCode | null> {
    const result = await this.codes
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1' })
      .where({ id, consumedAt: IsNull() })
      .andWhere('expires_at > now() AND attempts < max_attempts')
      .returning(['id', 'purpose', 'channel', 'destination', 'userId', 'codeHash', 'attempts', 'maxAttempts'])
      .execute();
    const [row] = returnedEntities(this.codes, result.raw);
    return row ?? null;
  }

  /** True for exactly one caller per code: the UPDATE that set consumed_at. */
  async consume(id: string): Promise<boolean> {
    const result = await this.codes
      .createQueryBuilder()
      .update()
      .set({ consumedAt: () => 'now()' })
      .where({ id, consumedAt: IsNull() })
      .returning(['id'])
      .execute();
    return returnedEntities(this.codes, result.raw).length > 0;
  }

  /** Consumes a live link for any of the purposes (and only this identifier's, when given), in one UPDATE. */
  async consumeLink(linkHash: string, purposes: CodePurpose[], destination?: string): Promise<SpentCode | null> {
    const result = await this.codes
      .createQueryBuilder()
      .update()
      .set({ consumedAt: () => 'now()' })
      .where({ linkHash, consumedAt: IsNull(), ...(destination === undefined ? {} : { destination }) })
      .andWhere('purpose = ANY(:purposes) AND expires_at > now()', { purposes })
      .returning(['id', 'purpose', 'channel', 'destination', 'userId'])
      .execute();
    const [row] = returnedEntities(this.codes, result.raw);
    return row ?? null;
  }

  private live(alias: string) {
    return this.codes
      .createQueryBuilder(alias)
      .where(`${alias}.consumedAt IS NULL`)
      .andWhere(`${alias}.expiresAt > now()`);
  }
}
