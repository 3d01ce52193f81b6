import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { returnedEntities } from '../../database/returned-rows.js';
import { CodeSend } from '../entities/code-send.entity.js';

export type NewCodeSend = Pick<CodeSend, 'destination' | 'purpose' | 'channel' | 'link' | 'userId' | 'clientKey'>;
export type ClaimedCodeSend = Pick<CodeSend, 'id' | 'destination' | 'purpose' | 'channel' | 'link' | 'userId'>;

/** One client's sends to an identifier in the last hour, timed by the database's clock. */
export interface ClientSends {
  /** Seconds since the newest for the purpose asked about; null when there is none. */
  sinceLast: number | null;
  lastHour: number;
  /** Seconds since the oldest of them; null when there is none. */
  oldestAge: number | null;
}

/** The code_sends table: the queue of send requests, and what cooldowns and caps count. */
@Injectable()
export class CodeSendsRepository {
  constructor(@InjectRepository(CodeSend) private readonly sends: Repository<CodeSend>) {}

  async recentFromClient(destination: string, purpose: string, clientKey: string): Promise<ClientSends> {
    const row = await this.sends
      .createQueryBuilder('s')
      .select('EXTRACT(EPOCH FROM (now() - max(s.sentAt) FILTER (WHERE s.purpose = :purpose)))::float', 'sinceLast')
      .addSelect('count(*)::int', 'lastHour')
      .addSelect('EXTRACT(EPOCH FROM (now() - min(s.sentAt)))::float', 'oldestAge')
      .where('s.destination = :destination AND s.clientKey = :clientKey', { destination, clientKey })
      .andWhere(`s.sentAt > now() - interval '1 hour'`)
      .setParameter('purpose', purpose)
      .getRawOne<ClientSends>();
    return row ?? { sinceLast: null, lastHour: 0, oldestAge: null };
  }

  /** Messages really sent to an identifier in the last hour, from every client. */
  async deliveredLastHour(m: EntityManager, destination: string): Promise<number> {
    const row = await m
      .getRepository(CodeSend)
      .createQueryBuilder('s')
      .select('count(*)::int', 'delivered')
      .where('s.destination = :destination AND s.delivered', { destination })
      .andWhere(`s.sentAt > now() - interval '1 hour'`)
      .getRawOne<{ delivered: number }>();
    return row?.delivered ?? 0;
  }

  async insert(send: NewCodeSend): Promise<void> {
    await this.sends.createQueryBuilder().insert().values(send).updateEntity(false).execute();
  }

  /**
   * Leases the oldest request no worker holds: one UPDATE whose subquery skips rows another worker has
   * locked, so two workers never take the same request.
   */
  async claim(leaseSeconds: number): Promise<ClaimedCodeSend | null> {
    const oldest = this.sends
      .createQueryBuilder('q')
      .select('q.id')
      .where('q.processedAt IS NULL AND (q.claimedUntil IS NULL OR q.claimedUntil < now())')
      .orderBy('q.id')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked');
    const result = await this.sends
      .createQueryBuilder()
      .update()
      .set({ claimedUntil: () => 'now() + make_interval(secs => :leaseSeconds)' })
      .where(`id = (${oldest.getQuery()})`)
      .setParameter('leaseSeconds', leaseSeconds)
      .returning(['id', 'destination', 'purpose', 'channel', 'link', 'userId'])
      .execute();
    const [row] = returnedEntities(this.sends, result.raw);
    return row ?? null;
  }

  async finish(m: EntityManager, id: string, delivered: boolean): Promise<void> {
    await m.getRepository(CodeSend).update({ id }, { processedAt: () => 'now()', claimedUntil: null, delivered });
  }
}
