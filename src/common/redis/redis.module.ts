import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/index.js';

/** The shared Redis connection, or null when REDIS_URL is unset (everything then runs in memory). */
@Injectable()
export class RedisHolder implements OnApplicationShutdown {
  readonly client: Redis | null;

  constructor(@Inject(AppConfig) config: AppConfig) {
    const url = config.env.REDIS_URL;
    this.client = url
      ? new Redis(url, {
          // A dead Redis must fail a command fast instead of queueing it and hanging the request: while
          // disconnected a command fails at once (no offline queue); a Redis that stops answering on an open
          // connection costs a command at most commandTimeout, and after socketTimeout without a byte the
          // connection is dropped and reconnected, so later commands fail at once again. (ioredis ≥ 6: 5.x left
          // that timer armed across the reconnect and dropped the new connection a second later.)
          enableOfflineQueue: false,
          commandTimeout: 300,
          socketTimeout: 1000,
          connectTimeout: 1000,
          maxRetriesPerRequest: 0,
          retryStrategy: (times) => Math.min(times * 200, 2000),
          lazyConnect: false,
        })
      : null;
    // Errors surface through failed commands (and the fallback metric); an unhandled 'error' would crash.
    this.client?.on('error', () => undefined);
  }

  get configured(): boolean {
    return this.client !== null;
  }

  async ping(timeoutMs = 500): Promise<boolean> {
    if (!this.client) return false;
    try {
      const pong = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return pong === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

/** Imported by the rate limiter and health, the two that use Redis. */
@Module({ providers: [RedisHolder], exports: [RedisHolder] })
export class RedisModule {}
