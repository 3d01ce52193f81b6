import { readFileSync } from 'node:fs';
import { BUNDLED_SCORECARD_PATH, parseScorecard, ScorecardModelError } from './scorecard.loader.js';
import { CATEGORY_TOLERANCE_POINTS, maxPoints, type Scorecard } from './scorecard.schema.js';

const bundled = JSON.parse(readFileSync(BUNDLED_SCORECARD_PATH, 'utf8')) as Scorecard;

/** A deep copy of the bundled artifact, changed by `edit`. */
function variant(edit: (m: Scorecard) => void): Scorecard {
  const copy = structuredClone(bundled);
  edit(copy);
  return copy;
}

const characteristic = (m: Scorecard, id: string) => {
  const c = m.characteristics.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};

function problems(json: unknown): string[] {
  try {
    parseScorecard(json, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ScorecardModelError);
    return (err as ScorecardModelError).problems;
  }
  return [];
}

describe('scorecard schema', () => {
  describe('the bundled artifact', () => {
    const model = parseScorecard(bundled);

    it('is valid', () => {
      expect(problems(bundled)).toEqual([]);
      expect(model.version).toMatch(/^\d+\.\d+\.\d+$/);
    });

    it("uses FICO's category weights, adding up to 1", () => {
      expect(Object.fromEntries(model.categories.map((c) => [c.id, c.weight]))).toEqual({
        payment_history: 0.35,
        amounts_owed: 0.3,
        length_of_history: 0.15,
        new_credit: 0.1,
        credit_mix: 0.1,
      });
    });

    it("gives each category at most its weight's share of the 550 points, and 550 in all", () => {
      let total = 0;
      for (const category of model.categories) {
        const max = model.characteristics
          .filter((c) => c.category === category.id)
          .reduce((s, c) => s + maxPoints(c), 0);
        expect(Math.abs(max - category.weight * 550)).toBeLessThanOrEqual(CATEGORY_TOLERANCE_POINTS);
        total += max;
      }
      expect(total).toBe(550);
    });

    it('has contiguous bins that cover every value, with points moving one way', () => {
      for (const c of model.characteristics) {
        expect(c.bins[0].min).toBeUndefined();
        expect(c.bins.at(-1)?.max).toBeUndefined();
        for (let j = 1; j < c.bins.length; j++) {
          expect(c.bins[j].min).toBe(c.bins[j - 1].max);
          const step = c.bins[j].points - c.bins[j - 1].points;
          expect(c.direction === 'increasing' ? step >= 0 : step <= 0).toBe(true);
        }
      }
    });

    it('gives every on-chain characteristic a neutral "no data" bin', () => {
      for (const c of model.characteristics.filter((x) => x.source === 'onChain')) {
        expect(c.missing).toMatchObject({ label: 'No data', impact: 'neutral' });
      }
    });

    it('uses the seed rating bands', () => {
      expect(model.ratings.map((r) => [r.rating, r.min, r.max])).toEqual([
        ['Exceptional', 800, 850],
        ['Very Good', 740, 799],
        ['Good', 670, 739],
        ['Fair', 580, 669],
        ['Poor', 300, 579],
      ]);
    });
  });

  describe('rejects an unsound artifact, saying what is wrong and where', () => {
    it.each<[string, (m: Scorecard) => void, RegExp]>([
      [
        'overlapping bins',
        (m) => (characteristic(m, 'PH_ON_TIME').bins[2].min = 2),
        /characteristics\[0\]\.bins\[2\]\.min: PH_ON_TIME: bin 3–5 must start at 3 \(gap or overlap\)/,
      ],
      [
        'a gap between bins',
        (m) => (characteristic(m, 'PH_ON_TIME').bins[1].max = 4),
        /PH_ON_TIME: bin 3–5 must start at 4 \(gap or overlap\)/,
      ],
      ['an empty bin', (m) => (characteristic(m, 'PH_ON_TIME').bins[1].max = 1), /PH_ON_TIME: bin 1–2 is empty/],
      [
        'a closed top bin',
        (m) => (characteristic(m, 'PH_ON_TIME').bins[5].max = 100),
        /PH_ON_TIME: the last bin must have no max/,
      ],
      [
        'points against the declared direction',
        (m) => (characteristic(m, 'PH_LATE').bins[2].points = 20),
        /PH_LATE: points must not rise as the value grows/,
      ],
      [
        'weights that do not sum to 1',
        (m) => (m.categories[0].weight = 0.4),
        /categories: weights must sum to 1, not 1\.05/,
      ],
      [
        "a category's points drifting from its weight",
        (m) => {
          characteristic(m, 'PH_ON_TIME').bins[5].points = 78;
          characteristic(m, 'AO_RESERVES').bins[3].points = 30;
        },
        /payment_history: characteristics give at most 203 points, but its weight 0\.35 of a 550-point range is 192\.5/,
      ],
      [
        'maximum points that miss the top of the range',
        (m) => (characteristic(m, 'CM_LOAN_TYPES').bins[3].points = 29),
        /maximum points add up to 549, but the score range spans 550/,
      ],
      [
        'an unknown signal',
        (m) => ((characteristic(m, 'PH_LATE') as { signal: string }).signal = 'platform.salary'),
        /signal/,
      ],
      [
        'a signal from the wrong source',
        (m) => (characteristic(m, 'PH_LATE').source = 'onChain'),
        /PH_LATE: signal platform\.payments\.late is platform/,
      ],
      [
        'an on-chain characteristic without a "no data" bin',
        (m) => delete characteristic(m, 'LH_WALLET_AGE').missing,
        /LH_WALLET_AGE: signal onChain\.walletAgeDays can be unknown, so a "no data" bin is required/,
      ],
      [
        'a "no data" bin that is not neutral',
        (m) => ((characteristic(m, 'LH_WALLET_AGE').missing as { impact: string }).impact = 'positive'),
        /missing\.impact: a "no data" bin must be neutral/,
      ],
      [
        'a "no data" bin worth more than the best bin',
        (m) => (characteristic(m, 'LH_WALLET_AGE').missing!.points = 50),
        /LH_WALLET_AGE: "no data" must not score above the best bin/,
      ],
      [
        'a duplicate reason code',
        (m) => (characteristic(m, 'PH_LATE').bins[1].code = 'ON_TIME_NONE'),
        /duplicate reason code ON_TIME_NONE/,
      ],
      [
        'a negative bin without advice',
        (m) => delete characteristic(m, 'PH_LATE').bins[1].recommendation,
        /PH_LATE: a negative bin needs a recommendation/,
      ],
      [
        'rating bands with a gap',
        (m) => (m.ratings[1].min = 745),
        /ratings\[1\]: Very Good: must start at 740 so the bands tile the range/,
      ],
      ['a version that is not semantic', (m) => (m.version = 'v1'), /version: must be a semantic version/],
      [
        'an unknown field (a typo)',
        (m) => Object.assign(m.scaling, { pointsToDouble: 40 }),
        /scaling: Unrecognized key/,
      ],
      ['an unknown category', (m) => (characteristic(m, 'NC_INQUIRIES').category = 'misc'), /unknown category misc/],
    ])('%s', (_what, edit, message) => {
      const found = problems(variant(edit));
      expect(found.length).toBeGreaterThan(0);
      expect(found.join('\n')).toMatch(message);
    });

    it('reports every problem at once', () => {
      const found = problems(
        variant((m) => {
          m.version = 'latest';
          characteristic(m, 'PH_LATE').bins[2].points = 20;
        }),
      );
      expect(found.length).toBeGreaterThanOrEqual(2);
    });

    it('rejects something that is not a scorecard at all', () => {
      expect(problems([])).toEqual(['(root): Invalid input: expected object, received array']);
    });
  });
});
