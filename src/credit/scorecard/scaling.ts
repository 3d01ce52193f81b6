import type { Scorecard } from './scorecard.schema.js';

/**
 * The score ↔ odds scaling of MODEL.md: odds of repayment double every `pointsToDoubleOdds` points and
 * equal `baseOdds` : 1 at `baseScore`, i.e. score = baseScore + pdo × log2(odds / baseOdds).
 */
export function repaymentOdds(scaling: Scorecard['scaling'], score: number): number {
  return scaling.baseOdds * 2 ** ((score - scaling.baseScore) / scaling.pointsToDoubleOdds);
}

/** odds / (1 + odds): the probability that the applicant repays. */
export function repaymentProbability(scaling: Scorecard['scaling'], score: number): number {
  const odds = repaymentOdds(scaling, score);
  return odds / (1 + odds);
}
