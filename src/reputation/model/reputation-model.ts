/**
 * The Credo reputation model: three segments scored 0–100 and a Credo Score of 60–360. Pure functions over
 * counts, so the same inputs always give the same answer; REPUTATION.md documents every constant here and
 * `reputation-document.spec.ts` fails when the two disagree.
 */

export type Quality = 'provisional' | 'poor' | 'fair' | 'good' | 'excellent';
export type VerificationType = 'email' | 'phone' | 'wallet' | 'kyc';
export type SegmentName = 'identity' | 'behavior' | 'endorsements';

export const REPUTATION_MODEL = {
  version: '2.0.0',
  scoreRange: { min: 60, max: 360 },
  /** Share of each segment in the Credo Score; they add up to 1. */
  weights: { identity: 0.35, behavior: 0.4, endorsements: 0.25 } satisfies Record<SegmentName, number>,
  /** Evidence points of each verification (the seed's `score` of a verification). */
  verificationScores: { email: 5, phone: 40, wallet: 20, kyc: 100 } satisfies Record<VerificationType, number>,
  /** identity = 100 × (1 − e^(−Σ verification points / identityScale)). */
  identityScale: 65,
  /** Weights of the behaviour evidence: positive (P) and negative (N) events. */
  behavior: {
    completedTransaction: 0.1,
    transactor: 0.4,
    disputedTransaction: 1,
    onTimePayment: 1,
    repaidLoan: 3,
    latePayment: 2,
    missedPayment: 4,
    defaultedLoan: 10,
    /** behaviour = 100 × P / (P + N + priorMass): no data scores 0 and one event moves it little. */
    priorMass: 20,
  },
  endorsements: {
    /** An endorsement with a review counts this much more. */
    reviewBonus: 0.5,
    /** endorsements = 100 × (1 − e^(−Σ endorser weight / scale)). */
    scale: 5,
    /** Only this many endorsements are weighed (those of the longest-standing endorsers), so a read stays cheap. */
    maxConsidered: 200,
  },
  /** Who may endorse and how far their word is trusted: REPUTATION.md, "Who may endorse". */
  endorsers: {
    /** Standing by time alone: the account is at least this old. */
    minAccountAgeDays: 30,
    /** Age alone gives full trust at this age; each day before adds 1/fullTrustAgeDays. */
    fullTrustAgeDays: 180,
    phoneTrust: 0.25,
    kycTrust: 0.5,
    creditHistoryTrust: 0.5,
    /** A credit history is a repaid loan or at least this many payments on time. */
    creditHistoryOnTimePayments: 3,
  },
  /** Bounds on one actor with many accounts, or one account endorsing many: "One actor, many accounts". */
  endorsementBounds: {
    /** Endorsers with neither KYC nor a credit history: only the heaviest this many count for one user. */
    maxUnvouchedEndorsers: 3,
    /** An endorser gives at most this many endorsements per period; later ones are refused and never count. */
    maxGivenPerPeriod: 5,
    periodDays: 30,
  },
  /** Below these a segment is `provisional`. */
  minimumData: { identity: 1, behavior: 3, endorsements: 2 } satisfies Record<SegmentName, number>,
  /** Segment bands (0–100); the score bands are the same bands mapped onto 60–360. */
  segmentBands: [
    { min: 90, quality: 'excellent' },
    { min: 70, quality: 'good' },
    { min: 40, quality: 'fair' },
    { min: 0, quality: 'poor' },
  ] as const satisfies ReadonlyArray<{ min: number; quality: Exclude<Quality, 'provisional'> }>,
} as const;

const SPAN = REPUTATION_MODEL.scoreRange.max - REPUTATION_MODEL.scoreRange.min;

/** Score bands on 60–360: the segment bands through the same linear map as the score. */
export const SCORE_BANDS = REPUTATION_MODEL.segmentBands.map((b) => ({
  min: REPUTATION_MODEL.scoreRange.min + (SPAN * b.min) / 100,
  quality: b.quality,
}));

export interface VerificationFacts {
  email: boolean;
  phone: boolean;
  wallet: boolean;
  kyc: boolean;
}

export interface LoanRecord {
  onTime: number;
  late: number;
  missed: number;
  repaidLoans: number;
  defaultedLoans: number;
}

export const NO_LOANS: LoanRecord = { onTime: 0, late: 0, missed: 0, repaidLoans: 0, defaultedLoans: 0 };

export interface BehaviorFacts {
  completedTransactions: number;
  disputedTransactions: number;
  /** Distinct counterparties across all partners' transactions. */
  transactors: number;
  /** How many partner ratings gave 1, 2, 3, 4 and 5 stars (index 0 is 1 star). */
  ratingCounts: [number, number, number, number, number];
  /** Ratings that carry a written review. */
  reviews: number;
  loans: LoanRecord;
}

export interface Endorser {
  /** The endorser's base score (identity and behaviour only), 60–360. */
  baseScore: number;
  hasReview: boolean;
  /** 0–1: how sure the platform is that a real person of standing stands behind the account. */
  trust: number;
}

/** What decides whether an account may endorse and how far it is trusted. */
export interface EndorserFacts {
  verifications: VerificationFacts;
  /** Whole days since the account was created. */
  accountAgeDays: number;
  loans: LoanRecord;
}

/** One stored endorsement of a user, with what the model needs to know about its endorser. */
export interface EndorsementCandidate extends EndorserFacts {
  baseScore: number;
  hasReview: boolean;
  /** The endorser's verified mailbox in canonical form (aliases of one mailbox are equal), else null. */
  mailbox: string | null;
}

export interface EndorserStanding {
  /** A verified e-mail address or phone number: a wallet alone does not show a person. */
  verifiedContact: boolean;
  /** Old enough, KYC-approved, or a credit history. */
  standing: boolean;
  /** KYC-approved or a credit history: each such account costs a real identity or real money. */
  vouched: boolean;
  /** 0–1; 0 when the account may not endorse. */
  trust: number;
}

export interface SegmentScore {
  score: number;
  quality: Quality;
}

export interface Reputation {
  score: number;
  quality: Quality;
  segments: {
    identity: SegmentScore & { verifications: number };
    behavior: SegmentScore & { transactions: number; transactors: number; ratings: number; reviews: number };
    endorsements: SegmentScore & { contacts: number; averageScore: number | null; reviews: number };
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function segmentQuality(score: number): Exclude<Quality, 'provisional'> {
  return REPUTATION_MODEL.segmentBands.find((b) => score >= b.min)!.quality;
}

export function scoreQuality(score: number): Exclude<Quality, 'provisional'> {
  return SCORE_BANDS.find((b) => score >= b.min)!.quality;
}

export function verificationPoints(facts: VerificationFacts): number {
  const s = REPUTATION_MODEL.verificationScores;
  return (
    (facts.email ? s.email : 0) + (facts.phone ? s.phone : 0) + (facts.wallet ? s.wallet : 0) + (facts.kyc ? s.kyc : 0)
  );
}

export function verificationCount(facts: VerificationFacts): number {
  return [facts.email, facts.phone, facts.wallet, facts.kyc].filter(Boolean).length;
}

/** Independent pieces of evidence saturate: each one closes part of the remaining gap to 100. */
export function identityScore(facts: VerificationFacts): number {
  return round2(100 * (1 - Math.exp(-verificationPoints(facts) / REPUTATION_MODEL.identityScale)));
}

export function behaviorEvidence(f: BehaviorFacts): { positive: number; negative: number } {
  const w = REPUTATION_MODEL.behavior;
  // A rating of r stars is (r − 1)/4 of a positive event and (5 − r)/4 of a negative one.
  const ratingsUp = f.ratingCounts.reduce((s, n, i) => s + (n * i) / 4, 0);
  const ratingsDown = f.ratingCounts.reduce((s, n, i) => s + (n * (4 - i)) / 4, 0);
  return {
    positive:
      w.completedTransaction * f.completedTransactions +
      w.transactor * f.transactors +
      ratingsUp +
      w.onTimePayment * f.loans.onTime +
      w.repaidLoan * f.loans.repaidLoans,
    negative:
      w.disputedTransaction * f.disputedTransactions +
      ratingsDown +
      w.latePayment * f.loans.late +
      w.missedPayment * f.loans.missed +
      w.defaultedLoan * f.loans.defaultedLoans,
  };
}

export function behaviorScore(f: BehaviorFacts): number {
  const { positive, negative } = behaviorEvidence(f);
  return round2((100 * positive) / (positive + negative + REPUTATION_MODEL.behavior.priorMass));
}

export const ratingCount = (f: BehaviorFacts) => f.ratingCounts.reduce((s, n) => s + n, 0);

/** Data points that make the behaviour segment more than provisional. */
export function behaviorDataPoints(f: BehaviorFacts): number {
  return ratingCount(f) + f.transactors + f.loans.onTime + f.loans.late + f.loans.missed;
}

export function hasCreditHistory(loans: LoanRecord): boolean {
  return loans.repaidLoans > 0 || loans.onTime >= REPUTATION_MODEL.endorsers.creditHistoryOnTimePayments;
}

/** May this account endorse, and how far is it trusted? The same rule refuses an endorsement and weighs a stored one. */
export function endorserStanding(f: EndorserFacts): EndorserStanding {
  const r = REPUTATION_MODEL.endorsers;
  const credit = hasCreditHistory(f.loans);
  const vouched = f.verifications.kyc || credit;
  const verifiedContact = f.verifications.email || f.verifications.phone;
  const standing = vouched || f.accountAgeDays >= r.minAccountAgeDays;
  const evidence =
    Math.max(0, f.accountAgeDays) / r.fullTrustAgeDays +
    (f.verifications.phone ? r.phoneTrust : 0) +
    (f.verifications.kyc ? r.kycTrust : 0) +
    (credit ? r.creditHistoryTrust : 0);
  return { verifiedContact, standing, vouched, trust: verifiedContact && standing ? Math.min(1, evidence) : 0 };
}

/**
 * An endorser counts by their own standing, so accounts with no reputation add next to nothing, and by their
 * trust, so young or thinly evidenced accounts add less: at most 1 + reviewBonus.
 */
export function endorserWeight(e: Endorser): number {
  const { min } = REPUTATION_MODEL.scoreRange;
  const standing = Math.min(1, Math.max(0, (e.baseScore - min) / SPAN));
  const trust = Math.min(1, Math.max(0, e.trust));
  return standing * trust * (1 + (e.hasReview ? REPUTATION_MODEL.endorsements.reviewBonus : 0));
}

/**
 * The endorsements that count, in the order given: only from accounts that may endorse; one per mailbox (the
 * heaviest), so aliases of one inbox are one person; and of the endorsers with neither KYC nor a credit
 * history, only the heaviest maxUnvouchedEndorsers, so accounts that cost nothing to make count as a few.
 */
export function countedEndorsers(candidates: EndorsementCandidate[]): Endorser[] {
  const scored = candidates
    .map((c, index) => {
      const s = endorserStanding(c);
      const endorser: Endorser = { baseScore: c.baseScore, hasReview: c.hasReview, trust: s.trust };
      return { index, endorser, vouched: s.vouched, mailbox: c.mailbox, weight: endorserWeight(endorser) };
    })
    .filter((c) => c.endorser.trust > 0);
  // Heaviest first, earlier first among equals: the choices below keep the best evidence.
  const byWeight = [...scored].sort((a, b) => b.weight - a.weight || a.index - b.index);
  const mailboxes = new Set<string>();
  let unvouched = 0;
  const kept = new Set<number>();
  for (const c of byWeight) {
    if (c.mailbox !== null) {
      if (mailboxes.has(c.mailbox)) continue;
      mailboxes.add(c.mailbox);
    }
    if (!c.vouched) {
      if (unvouched === REPUTATION_MODEL.endorsementBounds.maxUnvouchedEndorsers) continue;
      unvouched++;
    }
    kept.add(c.index);
  }
  return scored.filter((c) => kept.has(c.index)).map((c) => c.endorser);
}

export function endorsementScore(endorsers: Endorser[]): number {
  const total = endorsers.reduce((s, e) => s + endorserWeight(e), 0);
  return round2(100 * (1 - Math.exp(-total / REPUTATION_MODEL.endorsements.scale)));
}

/** Score from segment scores and weights: 60 + 300 × Σ weight × segment / 100, rounded to an integer. */
export function combine(segments: Partial<Record<SegmentName, number>>, weights: Partial<Record<SegmentName, number>>) {
  let sum = 0;
  let weight = 0;
  for (const name of Object.keys(weights) as SegmentName[]) {
    sum += (weights[name] ?? 0) * (segments[name] ?? 0);
    weight += weights[name] ?? 0;
  }
  return Math.round(REPUTATION_MODEL.scoreRange.min + (SPAN * sum) / (100 * weight));
}

/**
 * What an endorser's word is worth: their score without the endorsements segment (identity and behaviour
 * re-weighted to 1), so endorsement rings cannot lift each other.
 */
export function baseScore(identity: number, behavior: number): number {
  const w = REPUTATION_MODEL.weights;
  return combine({ identity, behavior }, { identity: w.identity, behavior: w.behavior });
}

export function computeReputation(
  verifications: VerificationFacts,
  behavior: BehaviorFacts,
  endorsers: Endorser[],
): Reputation {
  const min = REPUTATION_MODEL.minimumData;
  const identity = identityScore(verifications);
  const identityCount = verificationCount(verifications);
  const behaviour = behaviorScore(behavior);
  const endorsement = endorsementScore(endorsers);
  const provisional = {
    identity: identityCount < min.identity,
    behavior: behaviorDataPoints(behavior) < min.behavior,
    endorsements: endorsers.length < min.endorsements,
  };
  const score = combine({ identity, behavior: behaviour, endorsements: endorsement }, REPUTATION_MODEL.weights);
  const enoughData = !provisional.identity && (!provisional.behavior || !provisional.endorsements);
  const q = (name: SegmentName, s: number): Quality => (provisional[name] ? 'provisional' : segmentQuality(s));
  return {
    score,
    quality: enoughData ? scoreQuality(score) : 'provisional',
    segments: {
      identity: { score: identity, quality: q('identity', identity), verifications: identityCount },
      behavior: {
        score: behaviour,
        quality: q('behavior', behaviour),
        transactions: behavior.completedTransactions + behavior.disputedTransactions,
        transactors: behavior.transactors,
        ratings: ratingCount(behavior),
        reviews: behavior.reviews,
      },
      endorsements: {
        score: endorsement,
        quality: q('endorsements', endorsement),
        contacts: endorsers.length,
        averageScore: endorsers.length
          ? Math.round(endorsers.reduce((s, e) => s + e.baseScore, 0) / endorsers.length)
          : null,
        reviews: endorsers.filter((e) => e.hasReview).length,
      },
    },
  };
}
