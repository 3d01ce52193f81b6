import { Injectable } from '@nestjs/common';
import { LoanRecordService } from '../loan-record/loan-record.service.js';
import type { User } from '../users/entities/user.entity.js';
import type { Wallet } from '../users/entities/wallet.entity.js';
import { UsersService } from '../users/users.service.js';
import {
  baseScore,
  behaviorScore,
  computeReputation,
  countedEndorsers,
  REPUTATION_MODEL,
  identityScore,
  type BehaviorFacts,
  type EndorsementCandidate,
  type Endorser,
  type EndorserFacts,
  type LoanRecord,
  type Reputation,
  type VerificationFacts,
} from './model/reputation-model.js';
import { EndorsementsRepository } from './endorsements.repository.js';
import { canonicalMailbox } from './model/mailbox.js';
import { ReputationSubmissionsRepository } from './reputation-submissions.repository.js';

export interface ReputationFacts {
  verifications: VerificationFacts;
  behavior: BehaviorFacts;
}

export interface UserReputation {
  reputation: Reputation;
  wallets: Wallet[];
  loans: LoanRecord;
}

const DAY_MS = 86_400_000;

/** Whole days, so a weight does not drift from one read to the next within a day. */
function accountAgeDays(user: User, now = Date.now()): number {
  return Math.floor((now - new Date(user.createdAt).getTime()) / DAY_MS);
}

/**
 * Gathers what the reputation model reads (verifications from the user record, partner submissions, loan
 * repayment from LoanRecordService, endorsements) and runs the model. Computed on each read, so a
 * change shows at once and no stored score can go stale.
 */
@Injectable()
export class ReputationService {
  constructor(
    private readonly users: UsersService,
    private readonly loanRecords: LoanRecordService,
    private readonly endorsements: EndorsementsRepository,
    private readonly submissions: ReputationSubmissionsRepository,
  ) {}

  async forUser(user: User): Promise<UserReputation> {
    const [wallets, facts, endorsers] = await Promise.all([
      this.users.listWallets(user.id),
      this.behaviorFacts([user.id]),
      this.endorsersOf(user.id),
    ]);
    const behavior = facts.get(user.id)!;
    return {
      reputation: computeReputation(verificationFacts(user, wallets), behavior, endorsers),
      wallets,
      loans: behavior.loans,
    };
  }

  /** What decides whether this account may endorse and how far it is trusted, as of now. */
  async endorserFacts(user: User): Promise<EndorserFacts> {
    const [wallets, loans] = await Promise.all([this.users.listWallets(user.id), this.loanRecord(user.id)]);
    return { verifications: verificationFacts(user, wallets), accountAgeDays: accountAgeDays(user), loans };
  }

  /**
   * The endorsements that count, weighed by the model from each endorser's facts as they are now: an endorser
   * who stops qualifying stops counting at the next read.
   */
  private async endorsersOf(userId: string): Promise<Endorser[]> {
    const hasReview = await this.endorsements.withinQuota(userId);
    if (!hasReview.size) return [];
    // The window keeps the longest-standing endorsers, so a flood of new accounts cannot push older evidence out.
    const users = await this.users.findActiveWithVerifiedContact(
      [...hasReview.keys()],
      REPUTATION_MODEL.endorsements.maxConsidered,
    );
    if (!users.length) return [];
    const ids = users.map((u) => u.id);
    const [wallets, behavior] = await Promise.all([this.users.listWalletsOf(ids), this.behaviorFacts(ids)]);
    return countedEndorsers(
      users.map((endorser): EndorsementCandidate => {
        const own = wallets.filter((w) => w.userId === endorser.id);
        const verifications = verificationFacts(endorser, own);
        const facts = behavior.get(endorser.id)!;
        return {
          baseScore: baseScore(identityScore(verifications), behaviorScore(facts)),
          hasReview: hasReview.get(endorser.id)!,
          verifications,
          accountAgeDays: accountAgeDays(endorser),
          loans: facts.loans,
          mailbox: verifications.email ? canonicalMailbox(endorser.email!) : null,
        };
      }),
    );
  }

  private async behaviorFacts(userIds: string[]): Promise<Map<string, BehaviorFacts>> {
    const [transactions, ratings, loans] = await Promise.all([
      this.submissions.transactionCounts(userIds),
      this.submissions.ratingCounts(userIds),
      Promise.all(userIds.map((id) => this.loanRecord(id))),
    ]);
    const out = new Map<string, BehaviorFacts>();
    userIds.forEach((id, i) =>
      out.set(id, {
        completedTransactions: 0,
        disputedTransactions: 0,
        transactors: 0,
        ratingCounts: [0, 0, 0, 0, 0],
        reviews: 0,
        loans: loans[i],
      }),
    );
    for (const t of transactions) {
      const f = out.get(t.user_id)!;
      f.completedTransactions = t.completed;
      f.disputedTransactions = t.disputed;
      f.transactors = t.transactors;
    }
    for (const r of ratings) {
      const f = out.get(r.user_id)!;
      f.ratingCounts[r.score - 1] += r.n;
      f.reviews += r.reviews;
    }
    return out;
  }

  /** The borrowing record in the model's terms: repayment counts only. */
  private async loanRecord(userId: string): Promise<LoanRecord> {
    const { payments, repaidLoans, defaultedLoans } = await this.loanRecords.read(userId);
    return { ...payments, repaidLoans, defaultedLoans };
  }
}

export function verificationFacts(user: User, wallets: Wallet[]): VerificationFacts {
  return {
    email: Boolean(user.email && user.emailVerifiedAt),
    phone: Boolean(user.phone && user.phoneVerifiedAt),
    wallet: wallets.length > 0,
    kyc: user.kycStatus === 'approved',
  };
}
