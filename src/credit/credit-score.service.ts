import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { getAddress, isAddress } from 'viem';
import { BlockchainService } from '../blockchain/blockchain.service.js';
import { prefixedId } from '../common/http/ids.js';
import { Sql } from '../database/sql.js';
import { UsersService } from '../users/users.service.js';
import { CreditError } from './credit.errors.js';
import { PlatformSignalsService } from './platform-signals.service.js';
import { SCORECARD } from './scorecard.provider.js';
import { NO_ON_CHAIN, type OnChainSignals, type ScoreInputs } from './scorecard/score-inputs.js';
import { scoreApplicant, type CharacteristicResult, type ScoreFactor } from './scorecard/scorecard.js';
import type { Scorecard } from './scorecard/scorecard.schema.js';

/** A score younger than this is returned as it is unless a recalculation is forced (seed 000). */
export const SCORE_REUSE_MS = 24 * 60 * 60 * 1000;

export interface StoredScore {
  id: string;
  userId: string;
  score: number;
  rating: string;
  probabilityOfRepayment: number;
  modelVersion: string;
  walletAddress: string | null;
  onChainUsed: boolean;
  factors: ScoreFactor[];
  recommendations: string[];
  characteristics: CharacteristicResult[];
  inputs: ScoreInputs;
  calculatedAt: Date;
  scoreRange: { min: number; max: number };
}

interface ScoreRow {
  id: string;
  user_id: string;
  score: number;
  rating: string;
  probability_of_repayment: string;
  model_version: string;
  wallet_address: string | null;
  on_chain_used: boolean;
  factors: ScoreFactor[];
  recommendations: string[];
  characteristics: CharacteristicResult[];
  inputs: ScoreInputs;
  calculated_at: Date;
}

const COLUMNS = `id, user_id, score, rating, probability_of_repayment, model_version, wallet_address, on_chain_used,
  factors, recommendations, characteristics, inputs, calculated_at`;

const isFresh = (calculatedAt: Date) => Date.now() - new Date(calculatedAt).getTime() < SCORE_REUSE_MS;

export type ScoreSummary = Pick<StoredScore, 'id' | 'score' | 'probabilityOfRepayment' | 'modelVersion'>;

export interface CalculateOptions {
  walletAddress?: string;
  force?: boolean;
}

/**
 * Scores users with the loaded scorecard from their platform record and, where a linked wallet is known,
 * its on-chain record. Every score is stored with the inputs it used, so it can be explained later.
 */
@Injectable()
export class CreditScoreService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sql: Sql,
    @Inject(SCORECARD) private readonly model: Scorecard,
    private readonly users: UsersService,
    private readonly blockchain: BlockchainService,
    private readonly platform: PlatformSignalsService,
  ) {}

  get modelVersion(): string {
    return this.model.version;
  }

  /**
   * POST /api/credit/calculate-score: the wallet must be the caller's; without one, the first linked
   * wallet, or platform signals only. A score for the same wallet younger than 24 h is returned unchanged
   * unless `force`.
   */
  async calculate(userId: string, options: CalculateOptions = {}): Promise<StoredScore> {
    const wallet = await this.resolveWallet(userId, options.walletAddress);
    if (!options.force) {
      const recent = await this.recent(userId, wallet);
      if (recent) return recent;
    }
    return this.compute(userId, wallet);
  }

  /**
   * The score a loan quote or application uses: one under 24 h old for the user's default wallet, else a
   * new one. Reads only the headline columns, because quotes are the hot path and the stored inputs and
   * characteristics are large.
   */
  async current(userId: string): Promise<ScoreSummary> {
    // One round trip on the hot path: the default wallet (first linked, as resolveWallet picks it) is looked
    // up inside the query, which reads one row of credit_scores_reuse.
    const rows = await this.sql.rows<
      Pick<ScoreRow, 'id' | 'score' | 'probability_of_repayment' | 'model_version' | 'calculated_at'>
    >(
      `SELECT s.id, s.score, s.probability_of_repayment, s.model_version, s.calculated_at
         FROM credit_scores s
        WHERE s.user_id = $1 AND s.model_version = $2
          AND coalesce(s.wallet_address, '') =
              coalesce((SELECT w.address FROM wallets w WHERE w.user_id = $1 ORDER BY w.created_at LIMIT 1), '')
        ORDER BY s.calculated_at DESC LIMIT 1`,
      [userId, this.model.version],
      'score-current',
    );
    const row = rows[0];
    if (row && isFresh(row.calculated_at)) {
      return {
        id: row.id,
        score: row.score,
        probabilityOfRepayment: Number(row.probability_of_repayment),
        modelVersion: row.model_version,
      };
    }
    const fresh = await this.compute(userId, await this.resolveWallet(userId, undefined));
    return {
      id: fresh.id,
      score: fresh.score,
      probabilityOfRepayment: fresh.probabilityOfRepayment,
      modelVersion: fresh.modelVersion,
    };
  }

  /** The newest score of any age and when it was made, for the profile (its large columns are not read). */
  async latest(userId: string): Promise<{ score: number; calculatedAt: Date } | null> {
    const rows = await this.sql.rows<{ score: number; calculated_at: Date }>(
      `SELECT score, calculated_at FROM credit_scores WHERE user_id = $1 ORDER BY calculated_at DESC LIMIT 1`,
      [userId],
      'score-latest',
    );
    return rows[0] ? { score: rows[0].score, calculatedAt: new Date(rows[0].calculated_at) } : null;
  }

  async get(userId: string, id: string): Promise<StoredScore> {
    const rows = await this.db.query<ScoreRow[]>(
      `SELECT ${COLUMNS} FROM credit_scores WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    if (!rows[0]) throw CreditError.scoreNotFound();
    return this.fromRow(rows[0]);
  }

  /** Health: the loaded model scores a blank applicant inside its own range. */
  selfCheck(): boolean {
    const result = scoreApplicant(this.model, {
      onChain: NO_ON_CHAIN,
      platform: {
        accountAgeDays: 0,
        verifications: { email: false, phone: false, wallet: false, kyc: false },
        payments: { onTime: 0, late: 0, missed: 0 },
        outstandingDebt: '0',
        approvedCredit: '0',
        hardInquiries12m: 0,
        loanTypes: [],
        defaultedLoans: 0,
      },
    });
    return (
      Number.isInteger(result.score) &&
      result.score >= this.model.scoreRange.min &&
      result.score <= this.model.scoreRange.max
    );
  }

  private async resolveWallet(userId: string, requested: string | undefined): Promise<string | null> {
    const wallets = await this.users.listWallets(userId);
    if (requested === undefined) return wallets[0]?.address ?? null;
    if (!isAddress(requested, { strict: false })) throw CreditError.invalidWallet();
    const address = getAddress(requested);
    if (!wallets.some((w) => w.address === address)) throw CreditError.walletNotLinked();
    return address;
  }

  private async recent(userId: string, wallet: string | null): Promise<StoredScore | null> {
    // One range of credit_scores_reuse, newest first; the age is checked here rather than as a range in SQL,
    // which a prepared statement's generic plan turned into a sort of all the user's scores.
    const rows = await this.db.query<ScoreRow[]>(
      `SELECT ${COLUMNS} FROM credit_scores
       WHERE user_id = $1 AND model_version = $2 AND coalesce(wallet_address, '') = coalesce($3, '')
       ORDER BY calculated_at DESC LIMIT 1`,
      [userId, this.model.version, wallet],
    );
    return rows[0] && isFresh(rows[0].calculated_at) ? this.fromRow(rows[0]) : null;
  }

  private async compute(userId: string, wallet: string | null): Promise<StoredScore> {
    const [platform, onChain] = await Promise.all([
      this.platform.read(userId),
      wallet ? this.blockchain.getWalletSignals(wallet) : Promise.resolve<OnChainSignals>(NO_ON_CHAIN),
    ]);
    const inputs: ScoreInputs = { onChain, platform };
    const result = scoreApplicant(this.model, inputs);
    const rows = await this.db.query<ScoreRow[]>(
      `INSERT INTO credit_scores (id, user_id, score, rating, probability_of_repayment, model_version, wallet_address,
         on_chain_used, factors, recommendations, characteristics, inputs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING ${COLUMNS}`,
      [
        prefixedId('cs'),
        userId,
        result.score,
        result.rating,
        result.probabilityOfRepayment,
        result.modelVersion,
        wallet,
        result.onChainUsed,
        JSON.stringify(result.factors),
        JSON.stringify(result.recommendations),
        JSON.stringify(result.characteristics),
        JSON.stringify(inputs),
      ],
    );
    return this.fromRow(rows[0]);
  }

  private fromRow(row: ScoreRow): StoredScore {
    return {
      id: row.id,
      userId: row.user_id,
      score: row.score,
      rating: row.rating,
      probabilityOfRepayment: Number(row.probability_of_repayment),
      modelVersion: row.model_version,
      walletAddress: row.wallet_address,
      onChainUsed: row.on_chain_used,
      factors: row.factors,
      recommendations: row.recommendations,
      characteristics: row.characteristics,
      inputs: row.inputs,
      calculatedAt: new Date(row.calculated_at),
      scoreRange: this.model.scoreRange,
    };
  }
}
