import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { ROOT_LOGGER } from '../common/logging/logger.js';
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
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastDbError = 0;
  private readonly outcomes: Counter<'channel' | 'purpose' | 'outcome'>;
  private readonly pending: Gauge;
  private readonly oldest: Gauge;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly transports: Transports,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
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

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A send in progress finishes (bounded by the transports' timeouts); what is left stays in the table.
    await this.running;
  }

  /** A message was just committed: send it now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else {
          this.schedule(this.config.env.OUTBOX_POLL_MS);
        }
      });
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.outbox.claimDue(BATCH, LEASE_SECONDS);
        await Promise.all(batch.map((message) => this.deliver(message)));
        if (batch.length < BATCH || this.stopped) break;
      }
      const stats = await this.outbox.stats();
      this.pending.set(stats.pending);
      this.oldest.set(stats.oldestSeconds);
    } catch (err) {
      // The database is down or busy: the messages wait in it. Say so at most once a minute.
      if (Date.now() - this.lastDbError > 60_000) {
        this.lastDbError = Date.now();
        this.logger.warn({ err: { message: (err as Error).message } }, 'outbox poll failed; retrying');
      }
    }
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
