import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/index.js';

const CONNECT_TIMEOUT_MS = 1000;

/** The shared Redis connection, or null when REDIS_URL is unset (everything then runs in memory). */
@Injectable()
export class RedisHolder implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis | null;

  constructor(config: AppConfig) {
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
          connectTimeout: CONNECT_TIMEOUT_MS,
          maxRetriesPerRequest: 0,
          retryStrategy: (times) => Math.min(times * 200, 2000),
          lazyConnect: false,
        })
      : null;
    // Errors surface through failed commands (and the fallback metric); an unhandled 'error' would crash.
    this.client?.on('error', () => undefined);
  }

  /**
   * With no offline queue, a request that arrives while the first connection is still opening would find Redis
   * "down" and fall back (an open limit, no X-RateLimit headers). So the boot waits for the connection, at most
   * connectTimeout: a Redis that is down does not hold the boot longer than that.
   */
  async onModuleInit(): Promise<void> {
    const client = this.client;
    if (!client || client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
      client.once('ready', done);
    });
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
