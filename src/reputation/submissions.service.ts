import { Injectable } from '@nestjs/common';
import type { PartnerPrincipal } from '../common/security/index.js';
import { VerifiedHandlesService } from '../partner-auth/verified-handles.service.js';
import type { User } from '../users/entities/user.entity.js';
import type { RatingDto, SubmitRatingDto, SubmitTransactionDto, TransactionDto } from './dto/submission.dto.js';
import type { ReputationRating } from './entities/reputation-rating.entity.js';
import type { ReputationTransaction } from './entities/reputation-transaction.entity.js';
import { ReputationSubmissionsRepository } from './reputation-submissions.repository.js';
import { ReputationError } from './reputation.errors.js';

/** Clock skew allowed on a partner's timestamps before "in the future" is refused. */
const FUTURE_SKEW_MS = 5 * 60_000;

export interface Submitted<T> {
  created: boolean;
  record: T;
}

const opaque = (prefix: string, uuid: string) => `${prefix}_${uuid.replace(/-/g, '')}`;

function when(value: string | undefined, field: string): Date | null {
  if (value === undefined) return null;
  const d = new Date(value);
  if (d.getTime() > Date.now() + FUTURE_SKEW_MS) throw ReputationError.inTheFuture(field);
  return d;
}

/**
 * Behaviour data from partners: only about handles the partner has proven by challenge, and idempotent by the
 * partner's `external_id` (one INSERT … ON CONFLICT DO NOTHING decides between parallel retries). A retry
 * with the same data gets the stored record back; the same id with different data is a conflict.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly submissions: ReputationSubmissionsRepository,
    private readonly verified: VerifiedHandlesService,
  ) {}

  private async assertVerified(partner: PartnerPrincipal, user: User): Promise<void> {
    if (user.status === 'suspended' || user.status === 'deactivated') throw ReputationError.handleInactive(user.status);
    if (!(await this.verified.isVerified(partner.partnerId, user.id))) throw ReputationError.handleNotVerified();
  }

  async submitTransaction(
    partner: PartnerPrincipal,
    user: User,
    body: SubmitTransactionDto,
  ): Promise<Submitted<TransactionDto>> {
    await this.assertVerified(partner, user);
    const occurredAt = when(body.occurred_at, 'occurred_at');
    const inserted = await this.submissions.insertTransaction({
      partnerId: partner.partnerId,
      userId: user.id,
      externalId: body.external_id,
      status: body.status ?? 'completed',
      counterpartyId: body.counterparty_id ?? null,
      amount: body.amount === undefined || body.amount === null ? null : String(body.amount),
      currency: body.currency ?? null,
      occurredAt,
    });
    if (inserted) return { created: true, record: transactionView(inserted, user.handle) };
    const row = (await this.submissions.findTransaction(partner.partnerId, body.external_id))!;
    const same =
      row.userId === user.id &&
      row.status === (body.status ?? 'completed') &&
      row.counterpartyId === (body.counterparty_id ?? null) &&
      (row.amount === null ? null : Number(row.amount)) === (body.amount ?? null) &&
      row.currency === (body.currency ?? null) &&
      (occurredAt === null || new Date(row.occurredAt).getTime() === occurredAt.getTime());
    if (!same) throw ReputationError.externalIdConflict();
    return { created: false, record: transactionView(row, user.handle) };
  }

  async submitRating(partner: PartnerPrincipal, user: User, body: SubmitRatingDto): Promise<Submitted<RatingDto>> {
    await this.assertVerified(partner, user);
    const ratedAt = when(body.rated_at, 'rated_at');
    const inserted = await this.submissions.insertRating({
      partnerId: partner.partnerId,
      userId: user.id,
      externalId: body.external_id,
      score: body.score,
      review: body.review ?? null,
      raterId: body.rater_id ?? null,
      transactionExternalId: body.transaction_external_id ?? null,
      ratedAt,
    });
    if (inserted) return { created: true, record: ratingView(inserted, user.handle) };
    const row = (await this.submissions.findRating(partner.partnerId, body.external_id))!;
    const same =
      row.userId === user.id &&
      row.score === body.score &&
      row.review === (body.review ?? null) &&
      row.raterId === (body.rater_id ?? null) &&
      row.transactionExternalId === (body.transaction_external_id ?? null) &&
      (ratedAt === null || new Date(row.ratedAt).getTime() === ratedAt.getTime());
    if (!same) throw ReputationError.externalIdConflict();
    return { created: false, record: ratingView(row, user.handle) };
  }
}

function transactionView(r: ReputationTransaction, handle: string): TransactionDto {
  return {
    id: opaque('tx', r.id),
    external_id: r.externalId,
    handleId: handle,
    status: r.status,
    counterparty_id: r.counterpartyId,
    amount: r.amount === null ? null : Number(r.amount),
    currency: r.currency,
    occurred_at: new Date(r.occurredAt).toISOString(),
    created_at: new Date(r.createdAt).toISOString(),
  };
}

function ratingView(r: ReputationRating, handle: string): RatingDto {
  return {
    id: opaque('rt', r.id),
    external_id: r.externalId,
    handleId: handle,
    score: r.score,
    review: r.review,
    rater_id: r.raterId,
    transaction_external_id: r.transactionExternalId,
    rated_at: new Date(r.ratedAt).toISOString(),
    created_at: new Date(r.createdAt).toISOString(),
  };
}
