import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { ScoreInputs } from '../scorecard/score-inputs.js';
import type { CharacteristicResult, ScoreFactor } from '../scorecard/scorecard.js';

/** A calculated score with the inputs it used, so it can be explained and reused later. */
@Entity('credit_scores')
@Check('credit_scores_score_check', 'score BETWEEN 300 AND 850')
// calculated_at DESC in the migration: TypeORM compares an index's columns, not their order.
@Index('credit_scores_user_recent', ['userId', 'calculatedAt'])
// On (user_id, model_version, coalesce(wallet_address, ''), calculated_at DESC): an expression TypeORM
// cannot declare, so it is only named here and the migration is its definition.
@Index('credit_scores_reuse', { synchronize: false })
export class CreditScore {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'credit_scores_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'integer' })
  score: number;

  @Column({ type: 'text' })
  rating: string;

  /** numeric: pg returns it as an exact decimal string. */
  @Column({ type: 'numeric', precision: 5, scale: 4 })
  probabilityOfRepayment: string;

  @Column({ type: 'text' })
  modelVersion: string;

  /** The wallet whose on-chain history was read, if any. */
  @Column({ type: 'text', nullable: true })
  walletAddress: string | null;

  @Column({ type: 'boolean' })
  onChainUsed: boolean;

  @Column({ type: 'jsonb' })
  factors: ScoreFactor[];

  @Column({ type: 'jsonb' })
  recommendations: string[];

  @Column({ type: 'jsonb' })
  characteristics: CharacteristicResult[];

  @Column({ type: 'jsonb' })
  inputs: ScoreInputs;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  calculatedAt: Date;
}
