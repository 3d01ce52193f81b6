import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxRepository, type NewMessage } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';

export const PRODUCT_NAME = 'BlockScore';

export type { NewMessage } from './outbox.repository.js';
export type { Channel, MessagePurpose } from './entities/outbox-message.entity.js';

/**
 * E-mail and SMS through the durable outbox: a message is a row written with the change that caused it (pass
 * the transaction's manager), and the worker delivers it. No caller waits for, or learns about, SMTP or SMS;
 * an outage delays delivery and changes no reply.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly worker: OutboxWorker,
  ) {}

  /**
   * Writes the message. Inside a transaction the worker cannot see it until the commit, so the caller calls
   * `dispatch()` after committing; outside one it is dispatched here.
   */
  async queue(message: NewMessage, manager?: EntityManager): Promise<void> {
    await this.outbox.add(message, manager);
    if (!manager) this.dispatch();
  }

  /** Sends committed messages now instead of at the next poll. */
  dispatch(): void {
    this.worker.wake();
  }
}
