import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { returnedEntities } from '../database/returned-rows.js';
import { Sql } from '../database/sql.js';
import { CreditScore } from './entities/credit-score.entity.js';

/** A score to store; its id is given, its calculatedAt is the database's now(). */
export type NewCreditScore = Omit<CreditScore, 'calculatedAt'>;

/** The credit_scores table. */
@Injectable()
export class CreditScoresRepository {
  constructor(
    @InjectRepository(CreditScore) private readonly scores: Repository<CreditScore>,
    private readonly sql: Sql,
  ) {}

  findOwned(userId: string, id: string): Promise<CreditScore | null> {
    return this.scores.findOneBy({ id, userId });
  }

  /**
   * The newest score for a model version and wallet (none: no wallet), of any age. The coalesce matches
   * credit_scores_reuse's expression, so this reads one range of that index.
   */
  newestFor(userId: string, modelVersion: string, wallet: string | null): Promise<CreditScore | null> {
    return this.scores
      .createQueryBuilder('s')
      .where('s.userId = :userId', { userId })
      .andWhere('s.modelVersion = :modelVersion', { modelVersion })
      .andWhere(`coalesce(s.walletAddress, '') = coalesce(:wallet, '')`, { wallet })
      .orderBy('s.calculatedAt', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Returns the row as stored: the probability rounded to the column's scale, the database's calculatedAt. */
  async insert(score: NewCreditScore): Promise<CreditScore> {
    const result = await this.scores
      .createQueryBuilder()
      .insert()
      .values(score)
      .updateEntity(false)
      .returning(this.scores.metadata.columns.map((c) => c.propertyPath))
      .execute();
    return returnedEntities(this.scores, result.raw)[0];
  }
}
