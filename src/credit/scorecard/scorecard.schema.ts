import { z } from 'zod';
import { SIGNAL_IDS, SIGNALS } from './signals.js';

/** How far (in points) a category's maximum may sit from its weight's share of the score range. */
export const CATEGORY_TOLERANCE_POINTS = 1;

const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'must be an UPPER_SNAKE_CASE reason code' });
const text = z.string().trim().min(1);

const reason = {
  code,
  /** Short heading in the seed's style: "Excellent payment history". */
  factor: text,
  /** One line in the seed's style: "Consistently repaying debts on time". */
  description: text,
  /** What the applicant can do about it; required on negative bins, where recommendations come from. */
  recommendation: text.optional(),
};

const bin = z.strictObject({
  /** Inclusive lower bound; absent on the first bin. */
  min: z.number().finite().optional(),
  /** Exclusive upper bound; absent on the last bin. */
  max: z.number().finite().optional(),
  label: text,
  points: z.number().int(),
  impact: z.enum(['positive', 'negative', 'neutral']),
  ...reason,
});

const missingBin = z.strictObject({
  label: text,
  points: z.number().int(),
  impact: z.literal('neutral', { message: 'a "no data" bin must be neutral' }),
  ...reason,
});

const characteristic = z.strictObject({
  id: code,
  name: text,
  category: text,
  source: z.enum(['onChain', 'platform']),
  signal: z.enum(SIGNAL_IDS),
  /** Which way points move as the value grows; the bins must follow it, which makes the score monotone. */
  direction: z.enum(['increasing', 'decreasing']),
  unit: text,
  description: text,
  bins: z.array(bin).min(2),
  /** Taken when the value is unknown or does not apply (always for on-chain ones without on-chain data). */
  missing: missingBin.optional(),
});

const scorecardShape = z.strictObject({
  name: text,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be a semantic version such as 1.0.0' }),
  description: text,
  scoreRange: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  /** score = baseScore + pointsToDoubleOdds × log2(odds / baseOdds), odds being repayment : default. */
  scaling: z.strictObject({
    baseScore: z.number().finite(),
    baseOdds: z.number().finite().positive(),
    pointsToDoubleOdds: z.number().finite().positive(),
  }),
  ratings: z
    .array(z.strictObject({ min: z.number().int(), max: z.number().int(), rating: text, description: text }))
    .min(1),
  categories: z.array(z.strictObject({ id: text, name: text, weight: z.number().positive().max(1) })).min(1),
  noOnChainData: z.strictObject({ ...reason, recommendation: text }),
  characteristics: z.array(characteristic).min(1),
});

export type Scorecard = z.infer<typeof scorecardShape>;
export type Characteristic = Scorecard['characteristics'][number];
export type Bin = Characteristic['bins'][number];
export type MissingBin = NonNullable<Characteristic['missing']>;

/** A characteristic's most points: what its category weight is measured against. */
export function maxPoints(c: Characteristic): number {
  return Math.max(...c.bins.map((b) => b.points), ...(c.missing ? [c.missing.points] : []));
}

/** The artifact's shape plus the rules that make it a sound scorecard. */
export const scorecardSchema = scorecardShape.superRefine((model, ctx) => {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const range = model.scoreRange.max - model.scoreRange.min;
  if (range <= 0) problem(['scoreRange'], 'max must be above min');

  const { baseScore } = model.scaling;
  if (baseScore < model.scoreRange.min || baseScore > model.scoreRange.max) {
    problem(['scaling', 'baseScore'], 'must lie within scoreRange');
  }

  // Rating bands: whole numbers that tile the score range with no gap or overlap.
  const bands = [...model.ratings].sort((a, b) => a.min - b.min);
  bands.forEach((band, i) => {
    const at = ['ratings', model.ratings.indexOf(band)];
    if (band.min > band.max) problem(at, `${band.rating}: min is above max`);
    const expectedMin = i === 0 ? model.scoreRange.min : bands[i - 1].max + 1;
    if (band.min !== expectedMin)
      problem(at, `${band.rating}: must start at ${expectedMin} so the bands tile the range`);
  });
  if (bands.length > 0 && bands[bands.length - 1].max !== model.scoreRange.max) {
    problem(['ratings'], `the highest band must end at ${model.scoreRange.max}`);
  }

  // Categories: weights add up to 1.
  const categoryIds = new Set<string>();
  model.categories.forEach((c, i) => {
    if (categoryIds.has(c.id)) problem(['categories', i, 'id'], `duplicate category ${c.id}`);
    categoryIds.add(c.id);
  });
  const weightSum = model.categories.reduce((s, c) => s + c.weight, 0);
  if (Math.abs(weightSum - 1) > 1e-9)
    problem(['categories'], `weights must sum to 1, not ${Number(weightSum.toFixed(6))}`);

  const ids = new Set<string>();
  const codes = new Set<string>([model.noOnChainData.code]);
  model.characteristics.forEach((c, i) => {
    const at = (...rest: (string | number)[]) => ['characteristics', i, ...rest];
    if (ids.has(c.id)) problem(at('id'), `duplicate characteristic ${c.id}`);
    ids.add(c.id);
    if (!categoryIds.has(c.category)) problem(at('category'), `${c.id}: unknown category ${c.category}`);
    const signal = SIGNALS[c.signal];
    if (signal.source !== c.source) problem(at('source'), `${c.id}: signal ${c.signal} is ${signal.source}`);
    if (signal.nullable && !c.missing)
      problem(at('missing'), `${c.id}: signal ${c.signal} can be unknown, so a "no data" bin is required`);
    if (!signal.nullable && c.missing)
      problem(at('missing'), `${c.id}: signal ${c.signal} is never unknown, so it takes no "no data" bin`);

    // Contiguous, non-overlapping bins that cover every value: open at both ends, each starting where
    // the previous one stops.
    c.bins.forEach((b, j) => {
      const first = j === 0;
      const last = j === c.bins.length - 1;
      if (first && b.min !== undefined) problem(at('bins', j, 'min'), `${c.id}: the first bin must have no min`);
      if (!first && b.min === undefined) problem(at('bins', j, 'min'), `${c.id}: only the first bin may omit min`);
      if (last && b.max !== undefined) problem(at('bins', j, 'max'), `${c.id}: the last bin must have no max`);
      if (!last && b.max === undefined) problem(at('bins', j, 'max'), `${c.id}: only the last bin may omit max`);
      if (b.min !== undefined && b.max !== undefined && b.min >= b.max) {
        problem(at('bins', j), `${c.id}: bin ${b.label} is empty (min ${b.min} ≥ max ${b.max})`);
      }
      if (!first && b.min !== c.bins[j - 1].max) {
        problem(at('bins', j, 'min'), `${c.id}: bin ${b.label} must start at ${c.bins[j - 1].max} (gap or overlap)`);
      }
      if (!first) {
        const step = b.points - c.bins[j - 1].points;
        if (c.direction === 'increasing' ? step < 0 : step > 0) {
          problem(
            at('bins', j, 'points'),
            `${c.id}: points must not ${c.direction === 'increasing' ? 'fall' : 'rise'} as the value grows`,
          );
        }
      }
      if (b.impact === 'negative' && !b.recommendation) {
        problem(at('bins', j, 'recommendation'), `${c.id}: a negative bin needs a recommendation`);
      }
    });

    // A positive reason must never be worth fewer points than a negative one of the same characteristic.
    const negatives = c.bins.filter((b) => b.impact === 'negative').map((b) => b.points);
    const positives = c.bins.filter((b) => b.impact === 'positive').map((b) => b.points);
    if (negatives.length > 0 && positives.length > 0 && Math.max(...negatives) >= Math.min(...positives)) {
      problem(at('bins'), `${c.id}: every positive bin must score above every negative bin`);
    }
    if (c.missing && c.missing.points > Math.max(...c.bins.map((b) => b.points))) {
      problem(at('missing', 'points'), `${c.id}: "no data" must not score above the best bin`);
    }

    const reasons: [(string | number)[], string][] = c.bins.map((b, j) => [at('bins', j, 'code'), b.code]);
    if (c.missing) reasons.push([at('missing', 'code'), c.missing.code]);
    for (const [path, reasonCode] of reasons) {
      if (codes.has(reasonCode)) problem(path, `duplicate reason code ${reasonCode}`);
      codes.add(reasonCode);
    }
  });

  // Each category's best contribution follows its weight, and a perfect applicant reaches the top.
  for (const category of model.categories) {
    const max = model.characteristics.filter((c) => c.category === category.id).reduce((s, c) => s + maxPoints(c), 0);
    const target = category.weight * range;
    if (Math.abs(max - target) > CATEGORY_TOLERANCE_POINTS) {
      problem(
        ['categories', model.categories.indexOf(category)],
        `${category.id}: characteristics give at most ${max} points, but its weight ${category.weight} of a ${range}-point range is ${target}`,
      );
    }
  }
  const total = model.characteristics.reduce((s, c) => s + maxPoints(c), 0);
  if (total !== range)
    problem(['characteristics'], `maximum points add up to ${total}, but the score range spans ${range}`);
});
