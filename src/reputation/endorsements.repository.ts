import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import { Endorsement } from './entities/endorsement.entity.js';
import { REPUTATION_MODEL } from './model/reputation-model.js';

export interface EndorsementRow {
  other: string;
  review: string | null;
  created_at: Date;
}

export type InsertResult =
  | { kind: 'created'; review: string | null; createdAt: Date }
  | { kind: 'exists' }
  /** The endorser gave its quota within the period; `retryAt` is when the oldest of those leaves it. */
  | { kind: 'quota'; retryAt: Date };

const LIST_LIMIT = 200;
const { maxGivenPerPeriod, periodDays } = REPUTATION_MODEL.endorsementBounds;

/** All data access of the endorsements table. */
@Injectable()
export class EndorsementsRepository {
  constructor(
    @InjectRepository(Endorsement) private readonly endorsements: Repository<Endorsement>,
    private readonly users: UsersService,
  ) {}

  /**
   * Inserts one endorsement unless the pair exists or the endorser is over its quota. The endorser's row is
   * locked first (by UsersService, which owns it), so two endorsements sent at once cannot both take the last
   * place in the quota.
   */
  insert(endorserId: string, endorseeId: string, review: string | null): Promise<InsertResult> {
    return this.endorsements.manager.transaction(async (m): Promise<InsertResult> => {
      await this.users.lockForUpdate(m, endorserId);
      const endorsements = m.getRepository(Endorsement);
      if (await endorsements.existsBy({ endorserId, endorseeId })) return { kind: 'exists' };
      const given = (await endorsements
        .createQueryBuilder('e')
        .select('count(*)::int', 'n')
        .addSelect('min(e.createdAt)', 'oldest')
        .where('e.endorserId = :endorserId', { endorserId })
        .andWhere('e.createdAt > now() - make_interval(days => :periodDays)', { periodDays })
        .getRawOne<{ n: number; oldest: Date | null }>())!;
      if (given.n >= maxGivenPerPeriod) {
        return { kind: 'quota', retryAt: new Date(new Date(given.oldest!).getTime() + periodDays * 86_400_000) };
      }
      // ON CONFLICT DO NOTHING without a target (what .orIgnore() writes): the pair is the only unique key a
      // new row can meet besides its generated uuid.
      const inserted = await endorsements
        .createQueryBuilder()
        .insert()
        .values({ endorserId, endorseeId, review })
        .orIgnore()
        .returning(['review', 'createdAt'])
        .execute();
      const rows = inserted.raw as Array<{ review: string | null; created_at: Date }>;
      return rows.length
        ? { kind: 'created', review: rows[0].review, createdAt: rows[0].created_at }
        : { kind: 'exists' };
    });
  }

  async delete(endorserId: string, endorseeId: string): Promise<boolean> {
    const { affected } = await this.endorsements.delete({ endorserId, endorseeId });
    return (affected ?? 0) > 0;
  }

  /** The newest endorsements a user gave or received; `other` is the user on the far side. */
  async given(userId: string): Promise<EndorsementRow[]> {
    const rows = await this.newest({ endorserId: userId });
    return rows.map((e) => ({ other: e.endorseeId, review: e.review, created_at: e.createdAt }));
  }

  async received(userId: string): Promise<EndorsementRow[]> {
    const rows = await this.newest({ endorseeId: userId });
    return rows.map((e) => ({ other: e.endorserId, review: e.review, created_at: e.createdAt }));
  }

  private newest(where: { endorserId: string } | { endorseeId: string }): Promise<Endorsement[]> {
    return this.endorsements.find({ where, order: { createdAt: 'DESC', id: 'ASC' }, take: LIST_LIMIT });
  }
}
