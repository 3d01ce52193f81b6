import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { StoredReplays } from '../common/rate-limit/stored-replays.js';
import { LoansService } from './loans.service.js';

/** POST /api/loans/apply over its limit: a retry whose Idempotency-Key already made an application is answered. */
@Injectable()
export class LoanApplyReplays implements StoredReplays {
  constructor(private readonly loans: LoansService) {}

  async isStoredReplay(request: FastifyRequest, tracker: string): Promise<boolean> {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !tracker.startsWith('user:')) return false;
    return this.loans.hasApplicationWithKey(tracker.slice('user:'.length), key);
  }
}
