import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  NO_LOANS,
  REPUTATION_MODEL,
  SCORE_BANDS,
  baseScore,
  combine,
  countedEndorsers,
  endorsementScore,
  endorserStanding,
  identityScore,
  scoreQuality,
  type EndorsementCandidate,
  type VerificationFacts,
} from './reputation-model.js';

// REPUTATION.md is the model's public description; these tests fail as soon as it and the code disagree.
const md = readFileSync(fileURLToPath(new URL('./REPUTATION.md', import.meta.url)), 'utf8');

function section(heading: string): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`REPUTATION.md has no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Body rows of every table in `text`, in order, each as trimmed cells. */
function tables(text: string): string[][][] {
  const out: string[][][] = [];
  let current: string[] | null = null;
  for (const line of [...text.split('\n'), '']) {
    const l = line.trim();
    if (l.startsWith('|')) (current ??= []).push(l);
    else if (current) {
      out.push(
        current.slice(2).map((r) =>
          r
            .slice(1, -1)
            .split('|')
            .map((c) => c.trim()),
        ),
      );
      current = null;
    }
  }
  return out;
}

const num = (s: string) => Number(s);
const m = REPUTATION_MODEL;

describe('REPUTATION.md', () => {
  it('names the model version', () => {
    expect(md).toMatch(new RegExp(`^Version: \`${m.version.replace(/\./g, '\\.')}\``, 'm'));
  });

  it('states the score range and the segment weights', () => {
    expect(md).toContain(`score = round(${m.scoreRange.min} + ${m.scoreRange.max - m.scoreRange.min} × Σ weight`);
    const rows = tables(section('## Segment weights'))[0];
    expect(rows.map(([name, w]) => [name, num(w)])).toEqual(Object.entries(m.weights));
    expect(Object.values(m.weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
  });

  it('lists the verification points and the identity scale', () => {
    const [points, constants] = tables(section('## Identity'));
    expect(points.map(([type, p]) => [type, num(p)])).toEqual(Object.entries(m.verificationScores));
    expect(constants).toEqual([['identityScale', String(m.identityScale)]]);
    expect(section('## Identity')).toContain(`e^(−Σ points / ${m.identityScale})`);
  });

  it('lists the behaviour weights and the prior mass', () => {
    const [facts, constants] = tables(section('## Behavior'));
    const b = m.behavior;
    expect(facts.map(([, side, w]) => [side, w])).toEqual([
      ['P', String(b.completedTransaction)],
      ['P', String(b.transactor)],
      ['N', String(b.disputedTransaction)],
      ['P', '(r − 1) / 4'],
      ['N', '(5 − r) / 4'],
      ['P', String(b.onTimePayment)],
      ['P', String(b.repaidLoan)],
      ['N', String(b.latePayment)],
      ['N', String(b.missedPayment)],
      ['N', String(b.defaultedLoan)],
    ]);
    expect(constants).toEqual([['priorMass', String(b.priorMass)]]);
    expect(section('## Behavior')).toContain(`P / (P + N + ${b.priorMass})`);
  });

  it('lists the endorsement constants', () => {
    const e = m.endorsements;
    expect(tables(section('## Endorsements'))[0]).toEqual([
      ['reviewBonus', String(e.reviewBonus)],
      ['scale', String(e.scale)],
      ['maxConsidered', String(e.maxConsidered)],
    ]);
    expect(section('## Endorsements')).toContain(`e^(−Σ weight / ${e.scale})`);
  });

  it('states the minimum data and the quality bands', () => {
    const [minimum, bands] = tables(section('## Quality'));
    expect(minimum.map(([name, n]) => [name, num(n)])).toEqual(Object.entries(m.minimumData));
    expect(bands.map(([q, seg, score]) => [q, num(seg), num(score)])).toEqual(
      m.segmentBands.map((b, i) => [b.quality, b.min, SCORE_BANDS[i].min]),
    );
  });

  it('works the examples exactly as the code does', () => {
    const rows = tables(section("## The seed's example"))[0];
    for (const [identity, behavior, endorsements, score, quality] of rows) {
      const s = combine(
        { identity: num(identity), behavior: num(behavior), endorsements: num(endorsements) },
        m.weights,
      );
      expect([identity, behavior, endorsements, s, scoreQuality(s)]).toEqual([
        identity,
        behavior,
        endorsements,
        num(score),
        quality,
      ]);
    }
  });

  it("quotes the identity and endorsement figures the code gives for the seed's example", () => {
    const f = (email: boolean, phone: boolean, wallet: boolean, kyc: boolean) =>
      identityScore({ email, phone, wallet, kyc });
    expect(md).toContain(
      `E-mail alone gives ${f(true, false, false, false).toFixed(2)}, e-mail and phone ${f(true, true, false, false).toFixed(2)}, all four ${f(true, true, true, true).toFixed(2)}.`,
    );
    const endorsers = Array.from({ length: 12 }, (_, i) => ({ baseScore: 262, hasReview: i < 2, trust: 1 }));
    expect(md).toContain(`gives ${endorsementScore(endorsers)}, its example's 82.`);
  });

  it('lists who may endorse, the trust evidence and its constants', () => {
    const r = m.endorsers;
    const [evidence, constants] = tables(section('## Who may endorse'));
    const text = section('## Who may endorse').replace(/\s+/g, ' ');
    expect(evidence).toEqual([
      ['account age', `days / ${r.fullTrustAgeDays}`],
      ['verified phone', String(r.phoneTrust)],
      ['KYC approved', String(r.kycTrust)],
      ['credit history', String(r.creditHistoryTrust)],
    ]);
    expect(constants).toEqual([
      ['minAccountAgeDays', String(r.minAccountAgeDays)],
      ['fullTrustAgeDays', String(r.fullTrustAgeDays)],
      ['creditHistoryOnTimePayments', String(r.creditHistoryOnTimePayments)],
    ]);
    expect(text).toContain(`at least ${r.minAccountAgeDays} days old`);
    expect(text).toContain(`or ${r.creditHistoryOnTimePayments} loan payments made on time`);
    const trust = (email: boolean, phone: boolean, kyc: boolean, accountAgeDays: number) =>
      Math.round(
        100 *
          endorserStanding({ verifications: { email, phone, wallet: false, kyc }, accountAgeDays, loans: NO_LOANS })
            .trust,
      ) / 100;
    expect(text).toContain(
      `An e-mail account of 30 days has trust ${trust(true, false, false, 30)}; one of 90 days with a ` +
        `phone ${trust(true, true, false, 90)}; a fresh KYC-approved account ${trust(true, false, true, 0)}; ` +
        `a KYC-approved account of 90 days ${trust(true, false, true, 90)}.`,
    );
  });

  it('lists the bounds on one actor and works what they leave an attacker as the code does', () => {
    const b = m.endorsementBounds;
    const [constants, scenarios] = tables(section('## One actor, many accounts'));
    expect(constants).toEqual([
      ['maxUnvouchedEndorsers', String(b.maxUnvouchedEndorsers)],
      ['maxGivenPerPeriod', String(b.maxGivenPerPeriod)],
      ['periodDays', String(b.periodDays)],
    ]);
    const v = (...kinds: Array<keyof VerificationFacts>): VerificationFacts => ({
      email: kinds.includes('email'),
      phone: kinds.includes('phone'),
      wallet: kinds.includes('wallet'),
      kyc: kinds.includes('kyc'),
    });
    const accounts = (n: number, verifications: VerificationFacts, accountAgeDays: number, oneInbox = false) =>
      Array.from({ length: n }, (_, i): EndorsementCandidate => ({
        verifications,
        accountAgeDays,
        loans: NO_LOANS,
        baseScore: baseScore(identityScore(verifications), 0),
        hasReview: true,
        mailbox: verifications.email ? (oneInbox ? 'ann@example.com' : `user${i}@example.com`) : null,
      }));
    const cases = [
      accounts(25, v('wallet'), 0),
      accounts(25, v('email', 'wallet'), 0),
      accounts(25, v('email', 'wallet'), 30),
      accounts(25, v('email', 'wallet'), 180),
      accounts(25, v('email', 'phone', 'wallet'), 135),
      accounts(5, v('email', 'wallet'), 180, true),
      accounts(25, v('email', 'kyc'), 0),
    ];
    expect(scenarios).toHaveLength(cases.length);
    cases.forEach((candidates, i) => {
      const counted = countedEndorsers(candidates);
      const segment = endorsementScore(counted);
      const points =
        Math.round(((segment * (m.scoreRange.max - m.scoreRange.min) * m.weights.endorsements) / 100) * 10) / 10;
      expect([scenarios[i][0], ...scenarios[i].slice(1)]).toEqual([
        scenarios[i][0],
        String(counted.length),
        String(segment),
        String(points),
      ]);
    });
  });
});
