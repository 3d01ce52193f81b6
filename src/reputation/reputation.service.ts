import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows.js';
import { LoanRecordService } from '../loan-record/loan-record.service.js';
import type { User } from '../users/entities/user.entity.js';
import type { Wallet } from '../users/entities/wallet.entity.js';
import { UsersService } from '../users/users.service.js';
import {
  baseScore,
  behaviorScore,
  computeReputation,
  countedEndorsers,
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

export interface ReputationFacts {
  verifications: VerificationFacts;
  behavior: BehaviorFacts;
}

export interface UserReputation {
  reputation: Reputation;
  wallets: Wallet[];
  loans: LoanRecord;
}

const INACTIVE = new Set(['suspended', 'deactivated', 'pending']);
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
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly loanRecords: LoanRecordService,
    private readonly endorsements: EndorsementsRepository,
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
    const rows = await this.endorsements.countable(userId);
    if (!rows.length) return [];
    const ids = [...new Set(rows.map((r) => r.endorser_id))];
    const [users, wallets, behavior] = await Promise.all([
      this.users.findByIds(ids),
      this.users.listWalletsOf(ids),
      this.behaviorFacts(ids),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const candidates: EndorsementCandidate[] = [];
    for (const row of rows) {
      const endorser = byId.get(row.endorser_id);
      if (!endorser || INACTIVE.has(endorser.status)) continue;
      const own = wallets.filter((w) => w.userId === endorser.id);
      const verifications = verificationFacts(endorser, own);
      const facts = behavior.get(endorser.id)!;
      candidates.push({
        baseScore: baseScore(identityScore(verifications), behaviorScore(facts)),
        hasReview: row.has_review,
        verifications,
        accountAgeDays: accountAgeDays(endorser),
        loans: facts.loans,
        mailbox: verifications.email ? canonicalMailbox(endorser.email!) : null,
      });
    }
    return countedEndorsers(candidates);
  }

  private async behaviorFacts(userIds: string[]): Promise<Map<string, BehaviorFacts>> {
    const [transactions, ratings, loans] = await Promise.all([
      queryRows<{ user_id: string; completed: number; disputed: number; transactors: number }>(
        this.db,
        `SELECT user_id,
                count(*) FILTER (WHERE status = 'completed')::int AS completed,
                count(*) FILTER (WHERE status = 'disputed')::int AS disputed,
                count(DISTINCT partner_id::text || ':' || counterparty_id)::int AS transactors
           FROM reputation_transactions WHERE user_id = ANY($1) GROUP BY user_id`,
        [userIds],
      ),
      queryRows<{ user_id: string; score: number; n: number; reviews: number }>(
        this.db,
        `SELECT user_id, score, count(*)::int AS n, count(review)::int AS reviews
           FROM reputation_ratings WHERE user_id = ANY($1) GROUP BY user_id, score`,
        [userIds],
      ),
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
