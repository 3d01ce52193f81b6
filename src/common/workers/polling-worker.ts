import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

const SHUTDOWN_WAIT_MS = 3000;

/**
 * A background loop over a database queue: it drains at boot, every `pollMs`, and at once when `wake()` says
 * new work was committed in this instance. One drain runs at a time; a wake during a drain runs another
 * right after. Shutdown stops the loop and waits a moment for the drain in progress; what is left stays
 * queued for the next start or another instance.
 */
export abstract class PollingWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastFailure = 0;

  protected abstract readonly logger: Logger;
  protected abstract pollMs(): number;
  /** Does the queued work. A throw (the database is down) is logged and retried at the next poll. */
  protected abstract drain(): Promise<void>;

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Bounded: a send stuck on a dead server must not hold the shutdown; its lease lets another take it.
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((r) => (timeout = setTimeout(r, SHUTDOWN_WAIT_MS)))]);
    clearTimeout(timeout);
  }

  /** Work was just committed: do it now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  protected get stopping(): boolean {
    return this.stopped;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .catch((err: unknown) => {
          // Say so at most once a minute: an outage would otherwise log every poll.
          if (Date.now() - this.lastFailure > 60_000) {
            this.lastFailure = Date.now();
            this.logger.warn({ err: { message: (err as Error).message } }, 'background work failed; retrying');
          }
        })
        .finally(() => {
          this.running = null;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.pollMs());
        });
    }, ms);
    this.timer.unref();
  }
}
