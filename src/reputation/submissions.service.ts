import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PartnerPrincipal } from '../common/security/index.js';
import { queryRows } from '../database/query-rows.js';
import { VerifiedHandlesService } from '../partner-auth/verified-handles.service.js';
import type { User } from '../users/entities/user.entity.js';
import type { RatingDto, SubmitRatingDto, SubmitTransactionDto, TransactionDto } from './dto/submission.dto.js';
import { ReputationError } from './reputation.errors.js';

/** Clock skew allowed on a partner's timestamps before "in the future" is refused. */
const FUTURE_SKEW_MS = 5 * 60_000;

export interface Submitted<T> {
  created: boolean;
  record: T;
}

interface TransactionRow {
  id: string;
  user_id: string;
  external_id: string;
  status: string;
  counterparty_id: string | null;
  amount: string | null;
  currency: string | null;
  occurred_at: Date;
  created_at: Date;
}

interface RatingRow {
  id: string;
  user_id: string;
  external_id: string;
  score: number;
  review: string | null;
  rater_id: string | null;
  transaction_external_id: string | null;
  rated_at: Date;
  created_at: Date;
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
    @InjectDataSource() private readonly db: DataSource,
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
    const values = [
      partner.partnerId,
      user.id,
      body.external_id,
      body.status ?? 'completed',
      body.counterparty_id ?? null,
      body.amount ?? null,
      body.currency ?? null,
      occurredAt,
    ];
    const inserted = await queryRows<TransactionRow>(
      this.db,
      `INSERT INTO reputation_transactions
         (partner_id, user_id, external_id, status, counterparty_id, amount, currency, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, now()))
       ON CONFLICT (partner_id, external_id) DO NOTHING
       RETURNING id, user_id, external_id, status, counterparty_id, amount::text, currency, occurred_at, created_at`,
      values,
    );
    if (inserted.length) return { created: true, record: transactionView(inserted[0], user.handle) };
    const existing = await queryRows<TransactionRow>(
      this.db,
      `SELECT id, user_id, external_id, status, counterparty_id, amount::text, currency, occurred_at, created_at
         FROM reputation_transactions WHERE partner_id = $1 AND external_id = $2`,
      [partner.partnerId, body.external_id],
    );
    const row = existing[0];
    const same =
      row.user_id === user.id &&
      row.status === (body.status ?? 'completed') &&
      row.counterparty_id === (body.counterparty_id ?? null) &&
      (row.amount === null ? null : Number(row.amount)) === (body.amount ?? null) &&
      row.currency === (body.currency ?? null) &&
      (occurredAt === null || new Date(row.occurred_at).getTime() === occurredAt.getTime());
    if (!same) throw ReputationError.externalIdConflict();
    return { created: false, record: transactionView(row, user.handle) };
  }

  async submitRating(partner: PartnerPrincipal, user: User, body: SubmitRatingDto): Promise<Submitted<RatingDto>> {
    await this.assertVerified(partner, user);
    const ratedAt = when(body.rated_at, 'rated_at');
    const inserted = await queryRows<RatingRow>(
      this.db,
      `INSERT INTO reputation_ratings
         (partner_id, user_id, external_id, score, review, rater_id, transaction_external_id, rated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, now()))
       ON CONFLICT (partner_id, external_id) DO NOTHING
       RETURNING id, user_id, external_id, score, review, rater_id, transaction_external_id, rated_at, created_at`,
      [
        partner.partnerId,
        user.id,
        body.external_id,
        body.score,
        body.review ?? null,
        body.rater_id ?? null,
        body.transaction_external_id ?? null,
        ratedAt,
      ],
    );
    if (inserted.length) return { created: true, record: ratingView(inserted[0], user.handle) };
    const existing = await queryRows<RatingRow>(
      this.db,
      `SELECT id, user_id, external_id, score, review, rater_id, transaction_external_id, rated_at, created_at
         FROM reputation_ratings WHERE partner_id = $1 AND external_id = $2`,
      [partner.partnerId, body.external_id],
    );
    const row = existing[0];
    const same =
      row.user_id === user.id &&
      row.score === body.score &&
      row.review === (body.review ?? null) &&
      row.rater_id === (body.rater_id ?? null) &&
      row.transaction_external_id === (body.transaction_external_id ?? null) &&
      (ratedAt === null || new Date(row.rated_at).getTime() === ratedAt.getTime());
    if (!same) throw ReputationError.externalIdConflict();
    return { created: false, record: ratingView(row, user.handle) };
  }
}

function transactionView(r: TransactionRow, handle: string): TransactionDto {
  return {
    id: opaque('tx', r.id),
    external_id: r.external_id,
    handleId: handle,
    status: r.status,
    counterparty_id: r.counterparty_id,
    amount: r.amount === null ? null : Number(r.amount),
    currency: r.currency,
    occurred_at: new Date(r.occurred_at).toISOString(),
    created_at: new Date(r.created_at).toISOString(),
  };
}

function ratingView(r: RatingRow, handle: string): RatingDto {
  return {
    id: opaque('rt', r.id),
    external_id: r.external_id,
    handleId: handle,
    score: r.score,
    review: r.review,
    rater_id: r.rater_id,
    transaction_external_id: r.transaction_external_id,
    rated_at: new Date(r.rated_at).toISOString(),
    created_at: new Date(r.created_at).toISOString(),
  };
}
