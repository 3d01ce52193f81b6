import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PartnerVerifiedHandle } from './entities/partner-verified-handle.entity.js';
import type { ChallengeMethod } from './verified-handles.service.js';

/** The partner_verified_handles table: one row per partner and user, the latest proof wins. */
@Injectable()
export class VerifiedHandlesRepository {
  constructor(@InjectRepository(PartnerVerifiedHandle) private readonly handles: Repository<PartnerVerifiedHandle>) {}

  /** One statement (INSERT … ON CONFLICT DO UPDATE), so two proofs at once cannot collide on the key. */
  async upsert(partnerId: string, userId: string, method: ChallengeMethod): Promise<void> {
    await this.handles
      .createQueryBuilder()
      .insert()
      .values({ partnerId, userId, method, verifiedAt: () => 'now()' })
      .orUpdate(['method', 'verified_at'], ['partner_id', 'user_id'])
      .updateEntity(false)
      .execute();
  }

  exists(partnerId: string, userId: string): Promise<boolean> {
    return this.handles.existsBy({ partnerId, userId });
  }
}
