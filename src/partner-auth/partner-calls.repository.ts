import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PartnerCall } from './entities/partner-call.entity.js';

export type NewPartnerCall = Pick<
  PartnerCall,
  'partnerId' | 'method' | 'route' | 'handle' | 'status' | 'outcome' | 'requestId'
>;

export type StoredPartnerCall = Omit<PartnerCall, 'id' | 'partnerId'>;

/** The partner_calls table: one row per partner API call, read back newest first. */
@Injectable()
export class PartnerCallsRepository {
  constructor(@InjectRepository(PartnerCall) private readonly calls: Repository<PartnerCall>) {}

  async insert(call: NewPartnerCall): Promise<void> {
    // Nothing to read back: updateEntity(false) leaves out the RETURNING of the id and creation time.
    await this.calls.createQueryBuilder().insert().values(call).updateEntity(false).execute();
  }

  /** Newest first; calls of the same instant by id, so the order is stable. */
  latest(partnerId: string, limit: number): Promise<StoredPartnerCall[]> {
    return this.calls.find({
      select: {
        method: true,
        route: true,
        handle: true,
        status: true,
        outcome: true,
        requestId: true,
        createdAt: true,
      },
      where: { partnerId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
