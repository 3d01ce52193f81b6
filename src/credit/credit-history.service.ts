import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination.js';
import { UsersService } from '../users/users.service.js';
import { CreditEventsRepository } from './credit-events.repository.js';

export type EventImpact = 'positive' | 'negative' | 'neutral';

/** Event types as they appear in GET /api/credit/history. */
export type CreditEventType =
  | 'credit_inquiry'
  | 'loan_application'
  | 'loan_cancelled'
  | 'loan_approved'
  | 'loan_rejected'
  | 'loan_disbursement'
  | 'loan_payment'
  | 'late_payment'
  | 'loan_repaid'
  | 'loan_default'
  | 'verification';

export interface CreditEventInput {
  userId: string;
  type: CreditEventType;
  date: Date;
  /** Decimal string, when the event moves money. */
  amount?: string | null;
  impact: EventImpact;
  description: string;
  /** What the event is about; (type, reference) is recorded once per user, so retries add nothing. */
  reference: string;
}

export interface CreditEventRow {
  id: string;
  event_type: CreditEventType;
  event_date: Date;
  amount: string | null;
  impact: EventImpact;
  description: string;
}

/**
 * The credit history: one row per real action (inquiries, applications, decisions, disbursements,
 * payments, verifications). Loans record theirs inside their own transactions, so an event exists exactly
 * when the action it describes was committed.
 */
@Injectable()
export class CreditHistoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: CreditEventsRepository,
    private readonly users: UsersService,
  ) {}

  async record(event: CreditEventInput, manager: EntityManager = this.db.manager): Promise<void> {
    await this.recordAll([event], manager);
  }

  /** One insert for any number of events; an event already recorded (same type and reference) is skipped. */
  async recordAll(events: CreditEventInput[], manager: EntityManager = this.db.manager): Promise<void> {
    await this.events.insertAll(
      manager,
      events.map((e) => ({
        userId: e.userId,
        eventType: e.type,
        eventDate: e.date,
        amount: e.amount ?? null,
        impact: e.impact,
        description: e.description,
        reference: e.reference,
      })),
    );
  }

  /** Newest first; `total` counts every event, so the pagination object is exact. */
  async list(userId: string, page: PageRequest): Promise<{ rows: CreditEventRow[]; total: number }> {
    await this.syncVerifications(userId);
    return this.events.page(userId, page);
  }

  /** Hard inquiries (loan applications) since `since`: the scorecard's "new credit" signal. */
  hardInquiriesSince(userId: string, since: Date): Promise<number> {
    return this.events.countInquiriesSince(userId, since);
  }

  /**
   * Verifications happen in the auth and users modules, which know nothing of credit; their dates are on the
   * user and wallet records, so the history picks them up from there when it is read, in one insert that
   * skips what is already recorded.
   */
  private async syncVerifications(userId: string): Promise<void> {
    const read = await this.users.findWithWallets(userId);
    if (!read) return;
    const { user, wallets } = read;
    const found: Array<[reference: string, at: Date | null, description: string]> = [
      ['email', user.emailVerifiedAt, 'Email address verified'],
      ['phone', user.phoneVerifiedAt, 'Phone number verified'],
      ['kyc', user.kycStatus === 'approved' ? (user.kycVerifiedAt ?? user.updatedAt) : null, 'Identity verified (KYC)'],
      ...wallets.map((w): [string, Date, string] => [`wallet:${w.address}`, w.verifiedAt, 'Wallet ownership verified']),
    ];
    await this.recordAll(
      found
        .filter((f): f is [string, Date, string] => f[1] !== null)
        .map(([reference, date, description]) => ({
          userId,
          type: 'verification',
          date,
          impact: 'positive',
          description,
          reference,
        })),
    );
  }
}
