import { Injectable } from '@nestjs/common';
import type { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { EndorsementDto } from './dto/endorsement.dto.js';
import { EndorsementsRepository, type EndorsementRow } from './endorsements.repository.js';
import { endorserStanding } from './model/reputation-model.js';
import { ReputationError } from './reputation.errors.js';
import { ReputationService } from './reputation.service.js';

/**
 * One user vouching for another: not for oneself, once per pair, only from an account the reputation model
 * lets endorse (a verified person of some standing), and at most the model's quota per period.
 */
@Injectable()
export class EndorsementsService {
  constructor(
    private readonly users: UsersService,
    private readonly reputation: ReputationService,
    private readonly endorsements: EndorsementsRepository,
  ) {}

  private async target(handle: string): Promise<User> {
    const user = await this.users.findByHandle(handle);
    if (!user || user.status === 'suspended' || user.status === 'deactivated') throw ReputationError.handleNotFound();
    return user;
  }

  /** Refuses, saying what is missing, an account whose endorsement would not count. */
  private async assertMayEndorse(endorser: User): Promise<void> {
    if (endorser.status !== 'active') throw ReputationError.endorserInactive();
    const facts = await this.reputation.endorserFacts(endorser);
    const standing = endorserStanding(facts);
    if (!standing.verifiedContact) throw ReputationError.endorserUnverified(standing.standing, facts.accountAgeDays);
    if (!standing.standing) throw ReputationError.endorserWithoutStanding(facts.accountAgeDays);
  }

  async endorse(endorserId: string, handle: string, review: string | undefined): Promise<EndorsementDto> {
    const endorser = await this.users.getById(endorserId);
    await this.assertMayEndorse(endorser);
    const endorsee = await this.target(handle);
    if (endorsee.id === endorser.id) throw ReputationError.selfEndorsement();
    const result = await this.endorsements.insert(endorser.id, endorsee.id, review?.trim() || null);
    if (result.kind === 'exists') throw ReputationError.alreadyEndorsed();
    if (result.kind === 'quota') throw ReputationError.endorsementQuota(result.retryAt);
    return {
      handleId: endorsee.handle,
      review: result.review,
      created_at: new Date(result.createdAt).toISOString(),
    };
  }

  async withdraw(endorserId: string, handle: string): Promise<void> {
    // The path form is not validated by a DTO: a NUL or other non-handle text never reaches the database.
    if (!/^\d{11}$/.test(handle)) throw ReputationError.endorsementNotFound();
    const endorsee = await this.users.findByHandle(handle);
    if (!endorsee || !(await this.endorsements.delete(endorserId, endorsee.id))) {
      throw ReputationError.endorsementNotFound();
    }
  }

  async list(userId: string): Promise<{ given: EndorsementDto[]; received: EndorsementDto[] }> {
    const [given, received] = await Promise.all([this.endorsements.given(userId), this.endorsements.received(userId)]);
    const others = await this.users.findByIds([...new Set([...given, ...received].map((r) => r.other))]);
    const handles = new Map(others.map((u) => [u.id, u.handle]));
    const view = (r: EndorsementRow) => ({
      handleId: handles.get(r.other) ?? '',
      review: r.review,
      created_at: new Date(r.created_at).toISOString(),
    });
    return { given: given.map(view), received: received.map(view) };
  }
}
