import {
  REPUTATION_MODEL,
  baseScore,
  behaviorScore,
  combine,
  computeReputation,
  endorsementScore,
  identityScore,
  scoreQuality,
  segmentQuality,
  NO_LOANS,
  type BehaviorFacts,
} from './reputation-model.js';

const none = { email: false, phone: false, wallet: false, kyc: false };
const noBehavior: BehaviorFacts = {
  completedTransactions: 0,
  disputedTransactions: 0,
  transactors: 0,
  ratingCounts: [0, 0, 0, 0, 0],
  reviews: 0,
  loans: NO_LOANS,
};
const stars = (five: number, one = 0): BehaviorFacts => ({ ...noBehavior, ratingCounts: [one, 0, 0, 0, five] });

describe('reputation model', () => {
  it("reads the seed's example as the seed does: 288 good; 99 excellent, 77.09 and 82 good", () => {
    expect(scoreQuality(288)).toBe('good');
    expect(segmentQuality(99)).toBe('excellent');
    expect(segmentQuality(77.09)).toBe('good');
    expect(segmentQuality(82)).toBe('good');
  });

  it('keeps the score within 60–360 at the extremes', () => {
    expect(computeReputation(none, noBehavior, []).score).toBe(60);
    expect(combine({ identity: 100, behavior: 100, endorsements: 100 }, REPUTATION_MODEL.weights)).toBe(360);
    const worst = computeReputation(none, { ...noBehavior, loans: { ...NO_LOANS, defaultedLoans: 50 } }, []);
    expect(worst.score).toBe(60);
    expect(worst.segments.behavior.score).toBe(0);
  });

  it('raises identity with every verification, saturating below 100', () => {
    const steps = [
      none,
      { ...none, email: true },
      { ...none, email: true, wallet: true },
      { ...none, email: true, wallet: true, phone: true },
      { email: true, wallet: true, phone: true, kyc: true },
    ].map(identityScore);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBeLessThan(100);
    expect(identityScore({ ...none, email: true })).toBe(7.4);
  });

  it('raises behaviour with good ratings and lowers it with bad ones', () => {
    expect(behaviorScore(noBehavior)).toBe(0);
    expect(behaviorScore(stars(3))).toBe(13.04);
    expect(behaviorScore(stars(30))).toBe(60);
    expect(behaviorScore(stars(3, 1))).toBeLessThan(behaviorScore(stars(3)));
    expect(behaviorScore({ ...stars(3), loans: { ...NO_LOANS, onTime: 6 } })).toBeGreaterThan(behaviorScore(stars(3)));
    expect(behaviorScore({ ...stars(3), loans: { ...NO_LOANS, missed: 1 } })).toBeLessThan(behaviorScore(stars(3)));
    expect(behaviorScore({ ...stars(3), disputedTransactions: 1 })).toBeLessThan(behaviorScore(stars(3)));
  });

  it('weighs endorsers by their own standing and reviews', () => {
    expect(endorsementScore([])).toBe(0);
    const weak = endorsementScore([{ baseScore: 70, hasReview: false }]);
    const strong = endorsementScore([{ baseScore: 300, hasReview: false }]);
    const reviewed = endorsementScore([{ baseScore: 300, hasReview: true }]);
    expect(weak).toBeLessThan(strong);
    expect(strong).toBeLessThan(reviewed);
    expect(endorsementScore([{ baseScore: 60, hasReview: true }])).toBe(0);
  });

  it('gives endorsers a base score from identity and behaviour only', () => {
    expect(baseScore(0, 0)).toBe(60);
    expect(baseScore(100, 100)).toBe(360);
    expect(baseScore(7.4, 0)).toBe(70);
  });

  it('is provisional until there is enough data, then banded', () => {
    const thin = computeReputation({ ...none, email: true }, stars(2), [{ baseScore: 300, hasReview: false }]);
    expect(thin.quality).toBe('provisional');
    expect(thin.segments.identity.quality).toBe('poor');
    expect(thin.segments.behavior.quality).toBe('provisional');
    expect(thin.segments.endorsements.quality).toBe('provisional');

    const enough = computeReputation({ ...none, email: true }, stars(3), []);
    expect(enough.segments.behavior.quality).toBe('poor');
    expect(enough.quality).toBe(scoreQuality(enough.score));

    const noIdentity = computeReputation(none, stars(30), []);
    expect(noIdentity.segments.identity.quality).toBe('provisional');
    expect(noIdentity.quality).toBe('provisional');
  });

  it('reports the counts behind each segment', () => {
    const rep = computeReputation(
      { email: true, phone: true, wallet: false, kyc: false },
      { ...stars(2, 1), completedTransactions: 4, disputedTransactions: 1, transactors: 2, reviews: 1 },
      [
        { baseScore: 200, hasReview: true },
        { baseScore: 100, hasReview: false },
      ],
    );
    expect(rep.segments.identity.verifications).toBe(2);
    expect(rep.segments.behavior).toMatchObject({ transactions: 5, transactors: 2, ratings: 3, reviews: 1 });
    expect(rep.segments.endorsements).toMatchObject({ contacts: 2, averageScore: 150, reviews: 1 });
  });
});
