import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-unavailable.js';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { DatabasePool } from './database-pool.js';

/**
 * A DataSource whose entity metadata exists before it connects: repositories read it when they are built
 * (some at construction), which with the connection deferred is before the database has answered.
 * `initialize()` then keeps it rather than building it a second time at every boot.
 */
export class UnconnectedDataSource extends DataSource {
  private described = false;

  async describeEntities(): Promise<void> {
    await super.buildMetadatas();
    this.described = true;
  }

  protected override async buildMetadatas(): Promise<void> {
    if (!this.described) await super.buildMetadatas();
  }
}

/** Between attempts while the database is down: quick at first, then no more than one attempt every 5 s. */
const RETRY_MS = [250, 500, 1000, 2000, 5000];

/**
 * Connects the app's DataSource (TypeORM's own initialisation is turned off, `manualInitialization`). A database
 * that cannot be reached at boot does not stop the boot: the app listens, `live` answers 200, `ready` answers 503
 * (its ping fails) and routes that need the database answer 503, while this keeps trying in the background. A
 * pod started during a database outage thus waits not-ready instead of crash-looping through it. Anything else
 * that fails the connection (a bad password, a missing database) is a configuration error and still fails the boot.
 */
@Injectable()
export class DatabaseConnector implements OnModuleInit, OnApplicationShutdown {
  private connectedPromise: Promise<void>;
  private markConnected!: () => void;
  private timer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pool: DatabasePool,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.connectedPromise = new Promise((resolve) => (this.markConnected = resolve));
  }

  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Resolves once the database has been reached (at once when the boot reached it). */
  whenConnected(): Promise<void> {
    return this.connectedPromise;
  }

  async onModuleInit(): Promise<void> {
    if (!(await this.attempt())) this.retryLater();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** True once connected; false when the database is unreachable; throws on any other failure. */
  private async attempt(): Promise<boolean> {
    try {
      await this.dataSource.initialize();
      this.markConnected();
      if (this.attempts > 0) this.logger.info({ attempts: this.attempts + 1 }, 'database reached; ready');
      return true;
    } catch (err) {
      // A failed attempt may leave TypeORM's pool open (it connected, then a query failed): the next makes its own.
      await this.pool.pool?.end().catch(() => undefined);
      if (!isDatabaseUnavailable(err)) throw err;
      if (this.attempts === 0)
        this.logger.warn(
          { err: { message: (err as Error).message } },
          'database unreachable at boot; serving live (ready 503) and retrying in the background',
        );
      this.attempts++;
      return false;
    }
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = RETRY_MS[Math.min(this.attempts - 1, RETRY_MS.length - 1)];
    this.timer = setTimeout(() => {
      this.attempt().then(
        (ok) => ok || this.retryLater(),
        (err: unknown) => {
          // Reached, but refused for another reason (e.g. the password): keep trying, it may be fixed live.
          this.logger.error({ err: { message: (err as Error).message } }, 'database connection refused; retrying');
          this.attempts++;
          this.retryLater();
        },
      );
    }, delay);
    this.timer.unref();
  }
}
