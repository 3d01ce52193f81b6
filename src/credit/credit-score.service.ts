import { Inject, Injectable } from '@nestjs/common';
import { getAddress, isAddress } from 'viem';
import { BlockchainService } from '../blockchain/blockchain.service.js';
import { prefixedId } from '../common/http/ids.js';
import { LoanRecordService } from '../loan-record/loan-record.service.js';
import { UsersService } from '../users/users.service.js';
import { CreditScoresRepository } from './credit-scores.repository.js';
import { CreditError } from './credit.errors.js';
import type { CreditScore } from './entities/credit-score.entity.js';
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
    private readonly scores: CreditScoresRepository,
    @Inject(SCORECARD) private readonly model: Scorecard,
    private readonly users: UsersService,
    private readonly blockchain: BlockchainService,
    private readonly platform: PlatformSignalsService,
    private readonly loanRecords: LoanRecordService,
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
   * new one; and the borrower's outstanding debt. One round trip on the hot path: the loan record's statement
   * reads the score's headline columns with the debt (the stored inputs and characteristics are large), the
   * default wallet (first linked, as resolveWallet picks it) looked up inside it.
   */
  async currentWithDebt(userId: string): Promise<{ score: ScoreSummary; outstandingDebt: string }> {
    const { score: row, outstandingDebt } = await this.loanRecords.outstandingAndScore(userId, this.model.version);
    if (row && isFresh(row.calculated_at)) {
      return {
        score: {
          id: row.id,
          score: row.score,
          probabilityOfRepayment: Number(row.probability_of_repayment),
          modelVersion: row.model_version,
        },
        outstandingDebt,
      };
    }
    const fresh = await this.compute(userId, await this.resolveWallet(userId, undefined));
    return {
      score: {
        id: fresh.id,
        score: fresh.score,
        probabilityOfRepayment: fresh.probabilityOfRepayment,
        modelVersion: fresh.modelVersion,
      },
      outstandingDebt,
    };
  }

  async get(userId: string, id: string): Promise<StoredScore> {
    const score = await this.scores.findOwned(userId, id);
    if (!score) throw CreditError.scoreNotFound();
    return this.stored(score);
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
    const score = await this.scores.newestFor(userId, this.model.version, wallet);
    return score && isFresh(score.calculatedAt) ? this.stored(score) : null;
  }

  private async compute(userId: string, wallet: string | null): Promise<StoredScore> {
    const [platform, onChain] = await Promise.all([
      this.platform.read(userId),
      wallet ? this.blockchain.getWalletSignals(wallet) : Promise.resolve<OnChainSignals>(NO_ON_CHAIN),
    ]);
    const inputs: ScoreInputs = { onChain, platform };
    const result = scoreApplicant(this.model, inputs);
    const stored = await this.scores.insert({
      id: prefixedId('cs'),
      userId,
      score: result.score,
      rating: result.rating,
      // The number's own text, as pg sends a number; the column rounds it and the stored value is returned.
      probabilityOfRepayment: String(result.probabilityOfRepayment),
      modelVersion: result.modelVersion,
      walletAddress: wallet,
      onChainUsed: result.onChainUsed,
      factors: result.factors,
      recommendations: result.recommendations,
      characteristics: result.characteristics,
      inputs,
    });
    return this.stored(stored);
  }

  private stored(row: CreditScore): StoredScore {
    return {
      id: row.id,
      userId: row.userId,
      score: row.score,
      rating: row.rating,
      probabilityOfRepayment: Number(row.probabilityOfRepayment),
      modelVersion: row.modelVersion,
      walletAddress: row.walletAddress,
      onChainUsed: row.onChainUsed,
      factors: row.factors,
      recommendations: row.recommendations,
      characteristics: row.characteristics,
      inputs: row.inputs,
      calculatedAt: new Date(row.calculatedAt),
      scoreRange: this.model.scoreRange,
    };
  }
}
