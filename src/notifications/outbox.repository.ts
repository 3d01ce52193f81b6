import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { OutboxMessage, type Channel, type MessagePurpose } from './entities/outbox-message.entity.js';

export interface NewMessage {
  channel: Channel;
  purpose: MessagePurpose;
  destination: string;
  subject?: string;
  body: string;
  expiresAt: Date;
}

export interface OutboxStats {
  pending: number;
  /** Seconds the oldest message still to send has waited; 0 when none waits. */
  oldestSeconds: number;
}

/** The outbox table: written by requests (in their transaction), drained by the worker. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>) {}

  async add(message: NewMessage, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(OutboxMessage) : this.messages;
    await repo.insert({ ...message, subject: message.subject ?? null });
  }

  /**
   * Takes up to `limit` due messages for this worker for `leaseSeconds`. SKIP LOCKED lets several instances
   * drain one table without sending a message twice; a worker that dies mid-send loses its lease and the
   * message goes out again later (delivery is at least once).
   */
  claimDue(limit: number, leaseSeconds: number): Promise<OutboxMessage[]> {
    return this.messages.manager.transaction(async (m) => {
      const due = await m
        .getRepository(OutboxMessage)
        .createQueryBuilder('o')
        .where('o.sentAt IS NULL AND o.failedAt IS NULL AND o.nextAttemptAt <= now()')
        .andWhere('(o.claimedUntil IS NULL OR o.claimedUntil < now())')
        .orderBy('o.nextAttemptAt', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (!due.length) return [];
      await m.getRepository(OutboxMessage).update(
        { id: In(due.map((d) => d.id)) },
        {
          claimedUntil: () => `now() + make_interval(secs => ${Math.trunc(leaseSeconds)})`,
          attempts: () => 'attempts + 1',
        },
      );
      return due.map((d) => Object.assign(d, { attempts: d.attempts + 1 }));
    });
  }

  async markSent(id: string): Promise<void> {
    await this.messages.update({ id, sentAt: IsNull() }, { sentAt: () => 'now()', body: null, claimedUntil: null });
  }

  async retryAt(id: string, at: Date, error: string): Promise<void> {
    await this.messages.update({ id }, { nextAttemptAt: at, claimedUntil: null, lastError: error.slice(0, 500) });
  }

  /** Given up (too many attempts, or the code inside expired): the secret is wiped with it. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.messages.update(
      { id },
      { failedAt: () => 'now()', body: null, claimedUntil: null, lastError: error.slice(0, 500) },
    );
  }

  async stats(): Promise<OutboxStats> {
    const row = await this.messages
      .createQueryBuilder('o')
      .select('count(*)::int', 'pending')
      .addSelect('coalesce(extract(epoch from now() - min(o.createdAt)), 0)::float', 'oldest')
      .where('o.sentAt IS NULL AND o.failedAt IS NULL')
      .getRawOne<{ pending: number; oldest: number }>();
    return { pending: row?.pending ?? 0, oldestSeconds: row?.oldest ?? 0 };
  }
}
