import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { APPROVAL_POLICY } from '../scorecard/approval.js';
import { repaymentOdds, repaymentProbability } from '../scorecard/scaling.js';
import { loadScorecard } from '../scorecard/scorecard.loader.js';
import { maxPoints, type Bin, type Characteristic } from '../scorecard/scorecard.schema.js';
import { ratingFor } from '../scorecard/scorecard.js';

// MODEL.md is the model's public description; these tests fail as soon as it and the artifact disagree.
const md = readFileSync(fileURLToPath(new URL('./MODEL.md', import.meta.url)), 'utf8');
const model = loadScorecard();

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`MODEL.md has no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The body rows of the first table in `text`, each as trimmed cells. */
function table(text: string): string[][] {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'));
  if (rows.length < 2) throw new Error(`no table in:\n${text}`);
  return rows.slice(2).map((r) =>
    r
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim()),
  );
}

const range = (b: Bin) =>
  b.min === undefined ? `< ${b.max}` : b.max === undefined ? `≥ ${b.min}` : `[${b.min}, ${b.max})`;
const bins = (c: Characteristic) => [...c.bins, ...(c.missing ? [c.missing] : [])];

describe('MODEL.md', () => {
  it('names the artifact version', () => {
    expect(md).toMatch(new RegExp(`^Version: \`${model.version.replace(/\./g, '\\.')}\``, 'm'));
  });

  it('states the scaling constants', () => {
    expect(table(section('## Scaling'))).toEqual([
      ['Base score', String(model.scaling.baseScore)],
      ['Base odds (repay : default)', String(model.scaling.baseOdds)],
      ['Points to double the odds (PDO)', String(model.scaling.pointsToDoubleOdds)],
    ]);
  });

  it('tabulates probabilities that follow from the scaling', () => {
    const rows = table(section('## Score to probability'));
    expect(rows.length).toBeGreaterThan(5);
    for (const [score, rating, odds, probability] of rows) {
      const s = Number(score);
      expect([rating, odds, probability]).toEqual([
        ratingFor(model, s),
        repaymentOdds(model.scaling, s).toFixed(2),
        `${(100 * repaymentProbability(model.scaling, s)).toFixed(2)} %`,
      ]);
    }
  });

  it('lists the rating bands', () => {
    expect(table(section('## Rating bands'))).toEqual(
      model.ratings.map((r) => [`${r.min}–${r.max}`, r.rating, r.description]),
    );
  });

  it('lists the categories with their weights and maximum points', () => {
    const span = model.scoreRange.max - model.scoreRange.min;
    expect(table(section('## Categories and weights'))).toEqual(
      model.categories.map((cat) => {
        const cs = model.characteristics.filter((c) => c.category === cat.id);
        return [
          cat.name,
          cat.id,
          `${Math.round(cat.weight * 100)} %`,
          String(Number((cat.weight * span).toFixed(2))),
          String(cs.reduce((s, c) => s + maxPoints(c), 0)),
          cs.map((c) => c.id).join(', '),
        ];
      }),
    );
  });

  it('documents every characteristic, bin and point value exactly', () => {
    for (const c of model.characteristics) {
      const text = section(`### ${c.id} — ${c.name}`);
      const direction = c.direction === 'increasing' ? 'rise' : 'fall';
      const meta =
        `Category \`${c.category}\` · source \`${c.source}\` · signal \`${c.signal}\` · unit: ${c.unit} · ` +
        `points ${direction} as the value grows · at most ${maxPoints(c)} points.`;
      expect(text.replace(/\s+/g, ' ')).toContain(meta);
      expect(text.replace(/\s+/g, ' ')).toContain(c.description);
      const rows = c.bins.map((b) => [b.label, range(b), String(b.points), b.impact, b.code]);
      if (c.missing)
        rows.push([c.missing.label, 'no data', String(c.missing.points), c.missing.impact, c.missing.code]);
      expect(table(text)).toEqual(rows);
    }
  });

  it('documents no characteristic the artifact lacks', () => {
    const documented = [...md.matchAll(/^### ([A-Z][A-Z0-9_]*) — /gm)].map((m) => m[1]);
    expect(documented).toEqual(model.characteristics.map((c) => c.id));
  });

  it('lists every reason code with its wording and recommendation', () => {
    const expected = model.characteristics.flatMap((c) =>
      bins(c).map((b) => [b.code, b.factor, b.description, b.recommendation ?? '—']),
    );
    const n = model.noOnChainData;
    expected.push([n.code, n.factor, n.description, n.recommendation]);
    expect(table(section('## Reason codes'))).toEqual(expected);
  });

  it('states the approval constants the code uses', () => {
    expect(table(section('### Approval constants'))).toEqual([
      ['unknownIncomeFactor', String(APPROVAL_POLICY.unknownIncomeFactor)],
      ['existingDebtTermMonths', String(APPROVAL_POLICY.existingDebtTermMonths)],
      ['amountPositionPenalty', String(APPROVAL_POLICY.amountPositionPenalty)],
    ]);
    expect(table(section('### Affordability knots'))).toEqual(
      APPROVAL_POLICY.dtiKnots.map(([dti, factor]) => [String(dti), String(factor)]),
    );
  });
});
