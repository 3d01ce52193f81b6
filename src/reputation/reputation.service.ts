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
  identityScore,
  type BehaviorFacts,
  type EndorsementCandidate,
  type EndorserFacts,
  type LoanRecord,
  type Reputation,
  type VerificationFacts,
} from './model/reputation-model.js';
import { canonicalMailbox } from './model/mailbox.js';
import { ReputationFactsRepository, type ReputationFactsRow } from './reputation-facts.repository.js';
import { ReputationError } from './reputation.errors.js';

export interface ReputationFacts {
  verifications: VerificationFacts;
  behavior: BehaviorFacts;
}

/** A linked wallet as the reputation shows it: it exists, and when it was verified. */
export type VerifiedWallet = Pick<Wallet, 'verifiedAt'>;

export interface UserReputation {
  reputation: Reputation;
  wallets: VerifiedWallet[];
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
    private readonly facts: ReputationFactsRepository,
  ) {}

  /** The user with this Credo handle and their reputation (a partner's read): one statement. */
  async byHandle(handle: string): Promise<{ user: User; reputation: UserReputation } | null> {
    const [person, ...endorsers] = await this.facts.read('handle', handle);
    return person ? { user: person.user, reputation: reputationOf(person, endorsers) } : null;
  }

  /** The reputation of a user already read (GET /api/reputation/me): one statement. */
  async forUser(user: User): Promise<UserReputation> {
    const [person, ...endorsers] = await this.facts.read('id', user.id);
    // Gone since it was read (no route deletes a user today): answered as any unknown handle.
    if (!person) throw ReputationError.handleNotFound();
    return reputationOf(person, endorsers);
  }

  /** What decides whether this account may endorse and how far it is trusted, as of now. */
  async endorserFacts(user: User): Promise<EndorserFacts> {
    const [wallets, loans] = await Promise.all([this.users.listWallets(user.id), this.loanRecord(user.id)]);
    return { verifications: verificationFacts(user, wallets), accountAgeDays: accountAgeDays(user), loans };
  }

  /** The borrowing record in the model's terms: repayment counts only. */
  private async loanRecord(userId: string): Promise<LoanRecord> {
    const { payments, repaidLoans, defaultedLoans } = await this.loanRecords.read(userId);
    return { ...payments, repaidLoans, defaultedLoans };
  }
}

/**
 * The model run on what ReputationFactsRepository read: the user's facts and their candidate endorsers', each
 * endorser weighed from their facts as they are now, so one who stops qualifying stops counting at the next read.
 */
function reputationOf(person: ReputationFactsRow, endorsers: ReputationFactsRow[]): UserReputation {
  const wallets = walletsOf(person);
  const behavior = behaviorOf(person);
  const candidates = endorsers.map((endorser): EndorsementCandidate => {
    const verifications = verificationFacts(endorser.user, walletsOf(endorser));
    const facts = behaviorOf(endorser);
    return {
      baseScore: baseScore(identityScore(verifications), behaviorScore(facts)),
      hasReview: endorser.hasReview!,
      verifications,
      accountAgeDays: accountAgeDays(endorser.user),
      loans: facts.loans,
      mailbox: verifications.email ? canonicalMailbox(endorser.user.email!) : null,
    };
  });
  return {
    reputation: computeReputation(
      verificationFacts(person.user, wallets),
      behavior,
      candidates.length ? countedEndorsers(candidates) : [],
    ),
    wallets,
    loans: behavior.loans,
  };
}

const walletsOf = (row: ReputationFactsRow): VerifiedWallet[] =>
  row.walletsVerifiedAt.map((verifiedAt) => ({ verifiedAt }));

function behaviorOf(row: ReputationFactsRow): BehaviorFacts {
  return {
    completedTransactions: row.completed,
    disputedTransactions: row.disputed,
    transactors: row.transactors,
    ratingCounts: row.ratingCounts,
    reviews: row.reviews,
    loans: row.loans,
  };
}

export function verificationFacts(user: User, wallets: VerifiedWallet[]): VerificationFacts {
  return {
    email: Boolean(user.email && user.emailVerifiedAt),
    phone: Boolean(user.phone && user.phoneVerifiedAt),
    wallet: wallets.length > 0,
    kyc: user.kycStatus === 'approved',
  };
}
