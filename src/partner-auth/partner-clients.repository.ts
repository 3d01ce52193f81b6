import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { PartnerClient } from './entities/partner-client.entity.js';
import { returnedEntities } from '../database/returned-rows.js';

export type NewPartnerClient = Pick<
  PartnerClient,
  'name' | 'contact' | 'clientIdHash' | 'clientIdHint' | 'createdBy'
> & {
  /** The column's default (600) when absent. */
  rateLimitPerMinute?: number;
};

/** The partner_clients table. Methods given a manager run in the caller's transaction. */
@Injectable()
export class PartnerClientsRepository {
  constructor(@InjectRepository(PartnerClient) private readonly clients: Repository<PartnerClient>) {}

  private repo(manager?: EntityManager): Repository<PartnerClient> {
    return manager ? manager.getRepository(PartnerClient) : this.clients;
  }

  /** The new row as stored, with the id, creation time and rate limit the database gave it. */
  async insert(manager: EntityManager, client: NewPartnerClient): Promise<PartnerClient> {
    const repo = this.repo(manager);
    const row = repo.create({ ...client, revokedAt: null, lastUsedAt: null });
    // insert() reads back the generated and defaulted columns (id, created_at, rate_limit_per_minute) by RETURNING.
    await repo.insert(row);
    return row;
  }

  /** Newest first. */
  list(): Promise<PartnerClient[]> {
    return this.clients.find({ order: { createdAt: 'DESC' } });
  }

  findById(id: string): Promise<PartnerClient | null> {
    return this.clients.findOneBy({ id });
  }

  /** Locks the row (FOR UPDATE) until the caller's transaction ends. */
  findByIdForUpdate(manager: EntityManager, id: string): Promise<PartnerClient | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByClientIdHash(clientIdHash: string): Promise<PartnerClient | null> {
    return this.clients.findOneBy({ clientIdHash });
  }

  async creatorOf(id: string): Promise<string | null> {
    const row = await this.clients.findOne({ select: { id: true, createdBy: true }, where: { id } });
    return row?.createdBy ?? null;
  }

  /**
   * Sets revoked_at unless it is already set, and returns the row as it is now (null when there is no such
   * client). One statement: the first revocation's time is never overwritten.
   */
  async revoke(manager: EntityManager, id: string): Promise<PartnerClient | null> {
    const repo = this.repo(manager);
    const result = await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'COALESCE(revoked_at, now())' })
      .where({ id })
      .returning([
        'id',
        'name',
        'contact',
        'clientIdHash',
        'clientIdHint',
        'rateLimitPerMinute',
        'createdBy',
        'createdAt',
        'revokedAt',
        'lastUsedAt',
      ])
      .execute();
    const [row] = returnedEntities(repo, result.raw);
    return row ? repo.create(row) : null;
  }

  async touch(id: string): Promise<void> {
    await this.clients.update({ id }, { lastUsedAt: () => 'now()' });
  }
}
