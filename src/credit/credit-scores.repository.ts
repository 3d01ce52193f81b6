import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { returnedEntities } from '../database/returned-rows.js';
import { Sql } from '../database/sql.js';
import { CreditScore } from './entities/credit-score.entity.js';

/** A score to store; its id is given, its calculatedAt is the database's now(). */
export type NewCreditScore = Omit<CreditScore, 'calculatedAt'>;

/** The headline columns of a score: what a loan quote reads. */
export interface ScoreHeadline {
  id: string;
  score: number;
  /** numeric: an exact decimal string. */
  probability_of_repayment: string;
  model_version: string;
  calculated_at: Date;
}

/** The credit_scores table. */
@Injectable()
export class CreditScoresRepository {
  constructor(
    @InjectRepository(CreditScore) private readonly scores: Repository<CreditScore>,
    private readonly sql: Sql,
  ) {}

  /**
   * The newest score of the user's default wallet (first linked, ORDER BY created_at) for a model version:
   * one round trip, which reads one row of credit_scores_reuse.
   */
  async newestForDefaultWallet(userId: string, modelVersion: string): Promise<ScoreHeadline | null> {
    // Raw and prepared: a loan quote's hot path (bench/RESULTS.md).
    const rows = await this.sql.rows<ScoreHeadline>(
      `SELECT s.id, s.score, s.probability_of_repayment, s.model_version, s.calculated_at
         FROM credit_scores s
        WHERE s.user_id = $1 AND s.model_version = $2
          AND coalesce(s.wallet_address, '') =
              coalesce((SELECT w.address FROM wallets w WHERE w.user_id = $1 ORDER BY w.created_at LIMIT 1), '')
        ORDER BY s.calculated_at DESC LIMIT 1`,
      [userId, modelVersion],
      'score-current',
    );
    return rows[0] ?? null;
  }

  /** The newest score of any model and wallet, headline only. */
  async latest(userId: string): Promise<{ score: number; calculated_at: Date } | null> {
    // Raw and prepared: read on every GET /api/profile (bench/RESULTS.md).
    const rows = await this.sql.rows<{ score: number; calculated_at: Date }>(
      `SELECT score, calculated_at FROM credit_scores WHERE user_id = $1 ORDER BY calculated_at DESC LIMIT 1`,
      [userId],
      'score-latest',
    );
    return rows[0] ?? null;
  }

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
