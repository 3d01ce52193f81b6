import type { CreditEventRow } from './credit-history.service.js';
import type { StoredScore } from './credit-score.service.js';
import type { CreditEventDto, CreditScoreDto, CreditScoreExplanationDto } from './dto/credit.dto.js';

export function scoreView(s: StoredScore): CreditScoreDto {
  return {
    credit_score_id: s.id,
    score: s.score,
    score_range: { min: s.scoreRange.min, max: s.scoreRange.max },
    rating: s.rating,
    calculated_at: s.calculatedAt.toISOString(),
    model_version: s.modelVersion,
    factors: s.factors.map((f) => ({
      factor: f.factor,
      impact: f.impact,
      description: f.description,
      code: f.code,
      points: f.points,
      max_points: f.maxPoints,
    })),
    recommendations: s.recommendations,
    probability_of_repayment: s.probabilityOfRepayment,
    on_chain: {
      wallet_address: s.walletAddress,
      available: s.onChainUsed,
      chains: s.inputs.onChain.chains,
    },
  };
}

export function explanationView(s: StoredScore): CreditScoreExplanationDto {
  return {
    ...scoreView(s),
    characteristics: s.characteristics.map((c) => ({
      id: c.id,
      name: c.name,
      category: c.category,
      signal: c.signal,
      value: c.value,
      bin: c.bin,
      code: c.code,
      impact: c.impact,
      points: c.points,
      max_points: c.maxPoints,
    })),
    inputs: s.inputs as unknown as Record<string, unknown>,
  };
}

export function eventView(row: CreditEventRow): CreditEventDto {
  const view: CreditEventDto = {
    id: row.id,
    event_type: row.event_type,
    event_date: new Date(row.event_date).toISOString(),
    impact: row.impact,
    description: row.description,
  };
  if (row.amount !== null) view.amount = Number(row.amount);
  return view;
}
