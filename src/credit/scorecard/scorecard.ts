import { repaymentOdds, repaymentProbability } from './scaling.js';
import type { ScoreInputs } from './score-inputs.js';
import { maxPoints, type Bin, type Characteristic, type MissingBin, type Scorecard } from './scorecard.schema.js';
import { readSignal } from './signals.js';

export type Impact = 'positive' | 'negative' | 'neutral';

/** A reason code: why the score is what it is. */
export interface ScoreFactor {
  code: string;
  factor: string;
  impact: Impact;
  description: string;
  points: number;
  maxPoints: number;
}

/** One characteristic as scored, for the audit trail stored with every score. */
export interface CharacteristicResult {
  id: string;
  name: string;
  category: string;
  signal: string;
  /** The value read from the inputs; null took the "no data" bin. */
  value: number | null;
  bin: string;
  code: string;
  impact: Impact;
  points: number;
  maxPoints: number;
}

export interface ScoreResult {
  score: number;
  rating: string;
  /** Odds / (1 + odds) from the model's scaling, four decimals. */
  probabilityOfRepayment: number;
  /** Repayment : default odds, two decimals. */
  odds: number;
  factors: ScoreFactor[];
  recommendations: string[];
  modelVersion: string;
  /** false when the score used platform signals only. */
  onChainUsed: boolean;
  characteristics: CharacteristicResult[];
}

/** Adverse-action notices list at most four key factors (Regulation B); praise is kept as short. */
export const MAX_NEGATIVE_FACTORS = 4;
export const MAX_POSITIVE_FACTORS = 4;
export const MAX_RECOMMENDATIONS = 4;

interface Scored {
  characteristic: Characteristic;
  value: number | null;
  bin: Bin | MissingBin;
  points: number;
  maxPoints: number;
}

/**
 * Scores one applicant: every characteristic's bin, the clamped total, its rating and probability,
 * the ranked reason codes and the recommendations that follow from them. Pure: same model and inputs,
 * same answer.
 */
export function scoreApplicant(model: Scorecard, inputs: ScoreInputs): ScoreResult {
  const scored = model.characteristics.map((c) => scoreCharacteristic(c, inputs));
  const { min, max } = model.scoreRange;
  const raw = min + scored.reduce((sum, s) => sum + s.points, 0);
  // Derogatory bins may score below zero, so the total can leave the range; the range is the contract.
  const score = Math.min(max, Math.max(min, raw));

  const negatives = scored
    .filter((s) => s.bin.impact === 'negative')
    .sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points))
    .slice(0, MAX_NEGATIVE_FACTORS);
  const positives = scored
    .filter((s) => s.bin.impact === 'positive')
    .sort((a, b) => b.points - a.points)
    .slice(0, MAX_POSITIVE_FACTORS);

  const factors: ScoreFactor[] = [...negatives, ...positives].map((s) => ({
    code: s.bin.code,
    factor: s.bin.factor,
    impact: s.bin.impact,
    description: s.bin.description,
    points: s.points,
    maxPoints: s.maxPoints,
  }));
  const onChainUsed = inputs.onChain.available;
  if (!onChainUsed) {
    const onChain = scored.filter((s) => s.characteristic.source === 'onChain');
    factors.push({
      code: model.noOnChainData.code,
      factor: model.noOnChainData.factor,
      impact: 'neutral',
      description: model.noOnChainData.description,
      points: onChain.reduce((sum, s) => sum + s.points, 0),
      maxPoints: onChain.reduce((sum, s) => sum + s.maxPoints, 0),
    });
  }

  // Advice answers the biggest losses first; with nothing lost, it says what to keep doing.
  const advice = (negatives.length > 0 ? negatives : positives).map((s) => s.bin.recommendation);
  if (!onChainUsed) advice.push(model.noOnChainData.recommendation);
  const recommendations = [...new Set(advice.filter((r): r is string => r !== undefined))].slice(
    0,
    MAX_RECOMMENDATIONS,
  );

  return {
    score,
    rating: ratingFor(model, score),
    probabilityOfRepayment: round(repaymentProbability(model.scaling, score), 4),
    odds: round(repaymentOdds(model.scaling, score), 2),
    factors,
    recommendations,
    modelVersion: model.version,
    onChainUsed,
    characteristics: scored.map((s) => ({
      id: s.characteristic.id,
      name: s.characteristic.name,
      category: s.characteristic.category,
      signal: s.characteristic.signal,
      value: s.value,
      bin: s.bin.label,
      code: s.bin.code,
      impact: s.bin.impact,
      points: s.points,
      maxPoints: s.maxPoints,
    })),
  };
}

function scoreCharacteristic(characteristic: Characteristic, inputs: ScoreInputs): Scored {
  const value = readSignal(characteristic.signal, inputs);
  const bin = value === null ? characteristic.missing : binFor(characteristic, value);
  // The schema gives every characteristic whose signal can be unknown a "no data" bin, so this is a bug
  // in the signal's producer (a NaN count); a score built on it would be wrong, so refuse.
  if (!bin) throw new Error(`scorecard: ${characteristic.id} has no value (${characteristic.signal})`);
  return { characteristic, value, bin, points: bin.points, maxPoints: maxPoints(characteristic) };
}

/** The bin holding `value`: min inclusive, max exclusive; the schema guarantees exactly one. */
export function binFor(characteristic: Characteristic, value: number): Bin {
  const bin = characteristic.bins.find(
    (b) => (b.min === undefined || value >= b.min) && (b.max === undefined || value < b.max),
  );
  if (!bin) throw new Error(`scorecard: ${characteristic.id} has no bin for ${value}`);
  return bin;
}

export function ratingFor(model: Scorecard, score: number): string {
  const band = model.ratings.find((r) => score >= r.min && score <= r.max);
  if (!band) throw new Error(`scorecard: no rating band holds ${score}`);
  return band.rating;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
