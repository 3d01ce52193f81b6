import {
  REPUTATION_MODEL,
  baseScore,
  behaviorScore,
  combine,
  computeReputation,
  countedEndorsers,
  endorsementScore,
  endorserStanding,
  endorserWeight,
  identityScore,
  scoreQuality,
  segmentQuality,
  NO_LOANS,
  type BehaviorFacts,
  type EndorsementCandidate,
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
    const weak = endorsementScore([{ baseScore: 70, hasReview: false, trust: 1 }]);
    const strong = endorsementScore([{ baseScore: 300, hasReview: false, trust: 1 }]);
    const reviewed = endorsementScore([{ baseScore: 300, hasReview: true, trust: 1 }]);
    expect(weak).toBeLessThan(strong);
    expect(strong).toBeLessThan(reviewed);
    expect(endorsementScore([{ baseScore: 60, hasReview: true, trust: 1 }])).toBe(0);
  });

  it('gives endorsers a base score from identity and behaviour only', () => {
    expect(baseScore(0, 0)).toBe(60);
    expect(baseScore(100, 100)).toBe(360);
    expect(baseScore(7.4, 0)).toBe(70);
  });

  it('is provisional until there is enough data, then banded', () => {
    const thin = computeReputation({ ...none, email: true }, stars(2), [
      { baseScore: 300, hasReview: false, trust: 1 },
    ]);
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
        { baseScore: 200, hasReview: true, trust: 1 },
        { baseScore: 100, hasReview: false, trust: 1 },
      ],
    );
    expect(rep.segments.identity.verifications).toBe(2);
    expect(rep.segments.behavior).toMatchObject({ transactions: 5, transactors: 2, ratings: 3, reviews: 1 });
    expect(rep.segments.endorsements).toMatchObject({ contacts: 2, averageScore: 150, reviews: 1 });
  });
});

describe('who may endorse, and how far they are trusted', () => {
  const contact = { ...none, email: true };
  const facts = (over: Partial<EndorsementCandidate> = {}): EndorsementCandidate => ({
    verifications: contact,
    accountAgeDays: 180,
    loans: NO_LOANS,
    baseScore: 200,
    hasReview: false,
    mailbox: null,
    ...over,
  });

  it('refuses a wallet alone, however old, and a fresh account without KYC or a credit history', () => {
    const wallet = endorserStanding(facts({ verifications: { ...none, wallet: true }, accountAgeDays: 400 }));
    expect(wallet).toMatchObject({ verifiedContact: false, standing: true, trust: 0 });
    const fresh = endorserStanding(facts({ accountAgeDays: 29 }));
    expect(fresh).toMatchObject({ verifiedContact: true, standing: false, vouched: false, trust: 0 });
  });

  it('grants standing at 30 days, by KYC, or by a credit history, and trust as documented', () => {
    expect(endorserStanding(facts({ accountAgeDays: 30 }))).toEqual({
      verifiedContact: true,
      standing: true,
      vouched: false,
      trust: 30 / 180,
    });
    expect(endorserStanding(facts({ accountAgeDays: 90, verifications: { ...contact, phone: true } })).trust).toBe(
      0.75,
    );
    expect(endorserStanding(facts({ accountAgeDays: 0, verifications: { ...contact, kyc: true } }))).toMatchObject({
      standing: true,
      vouched: true,
      trust: 0.5,
    });
    const repaid = endorserStanding(facts({ accountAgeDays: 0, loans: { ...NO_LOANS, repaidLoans: 1 } }));
    expect(repaid).toMatchObject({ standing: true, vouched: true, trust: 0.5 });
    const twoOnTime = endorserStanding(facts({ accountAgeDays: 0, loans: { ...NO_LOANS, onTime: 2 } }));
    expect(twoOnTime.standing).toBe(false);
    expect(endorserStanding(facts({ accountAgeDays: 0, loans: { ...NO_LOANS, onTime: 3 } })).standing).toBe(true);
    expect(endorserStanding(facts({ accountAgeDays: 5000, verifications: { ...contact, kyc: true } })).trust).toBe(1);
  });

  it('scales the weight by trust and caps it at 1 + reviewBonus', () => {
    expect(endorserWeight({ baseScore: 210, hasReview: false, trust: 1 })).toBeCloseTo(0.5, 10);
    expect(endorserWeight({ baseScore: 210, hasReview: false, trust: 0.5 })).toBeCloseTo(0.25, 10);
    expect(endorserWeight({ baseScore: 999, hasReview: true, trust: 7 })).toBe(1.5);
    expect(endorserWeight({ baseScore: 360, hasReview: true, trust: 0 })).toBe(0);
  });

  it('counts only endorsers who qualify, in the order given', () => {
    const counted = countedEndorsers([
      facts({ baseScore: 100 }),
      facts({ accountAgeDays: 3 }),
      facts({ verifications: { ...none, wallet: true } }),
      facts({ baseScore: 150, hasReview: true, accountAgeDays: 90 }),
    ]);
    expect(counted).toEqual([
      { baseScore: 100, hasReview: false, trust: 1 },
      { baseScore: 150, hasReview: true, trust: 0.5 },
    ]);
  });

  it('counts one endorser per mailbox, the heaviest', () => {
    const counted = countedEndorsers([
      facts({ baseScore: 100, mailbox: 'ann@example.com' }),
      facts({ baseScore: 300, mailbox: 'ann@example.com', verifications: { ...contact, kyc: true } }),
      facts({ baseScore: 120, mailbox: 'bob@example.com' }),
    ]);
    expect(counted.map((e) => e.baseScore)).toEqual([300, 120]);
  });

  it('counts at most three endorsers without KYC or a credit history (the heaviest), and every vouched one', () => {
    const unvouched = [110, 150, 130, 170, 90].map((baseScore) => facts({ baseScore }));
    const vouched = [200, 210].map((baseScore) => facts({ baseScore, loans: { ...NO_LOANS, repaidLoans: 1 } }));
    const counted = countedEndorsers([...unvouched, ...vouched]);
    expect(counted.map((e) => e.baseScore)).toEqual([150, 130, 170, 200, 210]);
    const many = countedEndorsers(Array.from({ length: 25 }, () => facts({ baseScore: 105, hasReview: true })));
    expect(many).toHaveLength(3);
  });
});
