import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ObjectLiteral, QueryDeepPartialEntity, Repository } from 'typeorm';
import { returnedEntities } from '../database/returned-rows.js';
import { ReputationRating } from './entities/reputation-rating.entity.js';
import { ReputationTransaction } from './entities/reputation-transaction.entity.js';

export type NewTransaction = Pick<
  ReputationTransaction,
  'partnerId' | 'userId' | 'externalId' | 'status' | 'counterpartyId' | 'amount' | 'currency'
> & { occurredAt: Date | null };

export type NewRating = Pick<
  ReputationRating,
  'partnerId' | 'userId' | 'externalId' | 'score' | 'review' | 'raterId' | 'transactionExternalId'
> & { ratedAt: Date | null };

/** Omitted partner timestamps are the database's now(), as the created_at beside them. */
const now = () => 'now()';

/** All data access of a partner's submissions: the reputation_transactions and reputation_ratings tables. */
@Injectable()
export class ReputationSubmissionsRepository {
  constructor(
    @InjectRepository(ReputationTransaction) private readonly transactions: Repository<ReputationTransaction>,
    @InjectRepository(ReputationRating) private readonly ratings: Repository<ReputationRating>,
  ) {}

  /**
   * The stored transaction, or null when the partner already has one with this external id. One statement
   * decides between parallel retries. `.orIgnore()` is ON CONFLICT DO NOTHING without a target: the only other
   * unique key is the generated uuid id, so (partner_id, external_id) is the only conflict it can meet.
   */
  insertTransaction(t: NewTransaction): Promise<ReputationTransaction | null> {
    return this.insertOrIgnore(this.transactions, { ...t, occurredAt: t.occurredAt ?? now });
  }

  findTransaction(partnerId: string, externalId: string): Promise<ReputationTransaction | null> {
    return this.transactions.findOneBy({ partnerId, externalId });
  }

  /** As insertTransaction, for ratings. */
  insertRating(r: NewRating): Promise<ReputationRating | null> {
    return this.insertOrIgnore(this.ratings, { ...r, ratedAt: r.ratedAt ?? now });
  }

  findRating(partnerId: string, externalId: string): Promise<ReputationRating | null> {
    return this.ratings.findOneBy({ partnerId, externalId });
  }

  private async insertOrIgnore<T extends ObjectLiteral>(
    repository: Repository<T>,
    values: QueryDeepPartialEntity<T>,
  ): Promise<T | null> {
    const result = await repository
      .createQueryBuilder()
      .insert()
      .values(values)
      .orIgnore()
      .returning(repository.metadata.columns.map((c) => c.propertyPath))
      .execute();
    return returnedEntities(repository, result.raw)[0] ?? null;
  }
}
