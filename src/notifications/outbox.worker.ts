import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { PollingWorker } from '../common/workers/polling-worker.js';
import { MetricsRegistry } from '../common/metrics/metrics.registry.js';
import { AppConfig } from '../config/index.js';
import type { OutboxMessage } from './entities/outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { Transports } from './transports.js';

const BATCH = 20;
/** Longer than a send can take (SMTP socket timeout 10 s, SMS 5 s), so a live worker keeps its messages. */
const LEASE_SECONDS = 60;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Sends what requests left in the outbox. Woken at once after a request commits a message (in this
 * instance), and polls for the rest: retries, and messages another instance could not send. A failed send
 * is retried with exponential backoff until it succeeds, its code expires, or OUTBOX_MAX_ATTEMPTS is spent.
 */
@Injectable()
export class OutboxWorker extends PollingWorker {
  protected readonly logger: Logger;
  private readonly outcomes: Counter<'channel' | 'purpose' | 'outcome'>;
  private readonly pending: Gauge;
  private readonly oldest: Gauge;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly transports: Transports,
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    metrics: MetricsRegistry,
  ) {
    super();
    this.logger = logger.child({ module: 'outbox' });
    const registers = [metrics.registry];
    this.outcomes = new Counter({
      name: 'outbox_messages_total',
      help: 'Outbox delivery attempts by channel, purpose and outcome (sent, retry, failed, expired)',
      labelNames: ['channel', 'purpose', 'outcome'],
      registers,
    });
    this.pending = new Gauge({
      name: 'outbox_pending_messages',
      help: 'Messages written and not yet sent or given up (as of the last poll)',
      registers,
    });
    this.oldest = new Gauge({
      name: 'outbox_oldest_pending_seconds',
      help: 'Age of the oldest message still to send (as of the last poll): the delivery lag',
      registers,
    });
  }

  protected pollMs(): number {
    return this.config.env.OUTBOX_POLL_MS;
  }

  protected async drain(): Promise<void> {
    for (;;) {
      const batch = await this.outbox.claimDue(BATCH, LEASE_SECONDS);
      await Promise.all(batch.map((message) => this.deliver(message)));
      if (batch.length < BATCH || this.stopping) break;
    }
    const stats = await this.outbox.stats();
    this.pending.set(stats.pending);
    this.oldest.set(stats.oldestSeconds);
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const labels = { channel: message.channel, purpose: message.purpose };
    if (message.expiresAt.getTime() <= Date.now() || message.body === null) {
      this.outcomes.inc({ ...labels, outcome: 'expired' });
      await this.outbox.markFailed(message.id, 'expired before it could be sent');
      return;
    }
    try {
      await this.transports.send(message.channel, message.destination, message.subject, message.body);
    } catch (err) {
      const error = (err as Error).message;
      if (message.attempts >= this.config.env.OUTBOX_MAX_ATTEMPTS) {
        this.outcomes.inc({ ...labels, outcome: 'failed' });
        this.logger.error({ channel: message.channel, purpose: message.purpose, error }, 'message given up');
        await this.outbox.markFailed(message.id, error);
      } else {
        this.outcomes.inc({ ...labels, outcome: 'retry' });
        this.logger.warn({ channel: message.channel, purpose: message.purpose, error }, 'delivery failed; will retry');
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (message.attempts - 1));
        await this.outbox.retryAt(message.id, new Date(Date.now() + backoff), error);
      }
      return;
    }
    this.outcomes.inc({ ...labels, outcome: 'sent' });
    await this.outbox.markSent(message.id);
  }
}
