import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows.js';
import type { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { EndorsementDto } from './dto/endorsement.dto.js';
import { ReputationError } from './reputation.errors.js';

const LIST_LIMIT = 200;

/** One user vouching for another: not for oneself, once per pair (a unique key decides between races). */
@Injectable()
export class EndorsementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  private async target(handle: string): Promise<User> {
    const user = await this.users.findByHandle(handle);
    if (!user || user.status === 'suspended' || user.status === 'deactivated') throw ReputationError.handleNotFound();
    return user;
  }

  async endorse(endorserId: string, handle: string, review: string | undefined): Promise<EndorsementDto> {
    const endorser = await this.users.getById(endorserId);
    if (endorser.status !== 'active') throw ReputationError.endorserInactive();
    const endorsee = await this.target(handle);
    if (endorsee.id === endorser.id) throw ReputationError.selfEndorsement();
    const rows = await queryRows<{ review: string | null; created_at: Date }>(
      this.db,
      `INSERT INTO endorsements (endorser_id, endorsee_id, review) VALUES ($1, $2, $3)
       ON CONFLICT (endorser_id, endorsee_id) DO NOTHING RETURNING review, created_at`,
      [endorser.id, endorsee.id, review?.trim() || null],
    );
    if (!rows.length) throw ReputationError.alreadyEndorsed();
    return {
      handleId: endorsee.handle,
      review: rows[0].review,
      created_at: new Date(rows[0].created_at).toISOString(),
    };
  }

  async withdraw(endorserId: string, handle: string): Promise<void> {
    // The path form is not validated by a DTO: a NUL or other non-handle text never reaches the database.
    if (!/^\d{11}$/.test(handle)) throw ReputationError.endorsementNotFound();
    const endorsee = await this.users.findByHandle(handle);
    if (!endorsee) throw ReputationError.endorsementNotFound();
    const rows = await queryRows(
      this.db,
      `DELETE FROM endorsements WHERE endorser_id = $1 AND endorsee_id = $2 RETURNING id`,
      [endorserId, endorsee.id],
    );
    if (!rows.length) throw ReputationError.endorsementNotFound();
  }

  async list(userId: string): Promise<{ given: EndorsementDto[]; received: EndorsementDto[] }> {
    const [given, received] = await Promise.all(
      (['endorser_id', 'endorsee_id'] as const).map((mine) =>
        queryRows<{ other: string; review: string | null; created_at: Date }>(
          this.db,
          `SELECT ${mine === 'endorser_id' ? 'endorsee_id' : 'endorser_id'} AS other, review, created_at
             FROM endorsements WHERE ${mine} = $1 ORDER BY created_at DESC, id LIMIT ${LIST_LIMIT}`,
          [userId],
        ),
      ),
    );
    const others = await this.users.findByIds([...new Set([...given, ...received].map((r) => r.other))]);
    const handles = new Map(others.map((u) => [u.id, u.handle]));
    const view = (r: { other: string; review: string | null; created_at: Date }) => ({
      handleId: handles.get(r.other) ?? '',
      review: r.review,
      created_at: new Date(r.created_at).toISOString(),
    });
    return { given: given.map(view), received: received.map(view) };
  }
}
