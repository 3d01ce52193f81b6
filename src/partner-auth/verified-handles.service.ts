import { Injectable } from '@nestjs/common';
import { VerifiedHandlesRepository } from './verified-handles.repository.js';

export type ChallengeMethod = 'passcode' | 'signature';

/** Which handles each partner has proven, by a validated challenge, to belong to the user it deals with. */
@Injectable()
export class VerifiedHandlesService {
  constructor(private readonly handles: VerifiedHandlesRepository) {}

  /** A later proof replaces the method and time of an earlier one. */
  async record(partnerId: string, userId: string, method: ChallengeMethod): Promise<void> {
    await this.handles.upsert(partnerId, userId, method);
  }

  isVerified(partnerId: string, userId: string): Promise<boolean> {
    return this.handles.exists(partnerId, userId);
  }
}
