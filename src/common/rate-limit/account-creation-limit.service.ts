import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { RedisHolder } from '../redis/redis.module.js';
import { clientKey } from './client-key.js';
import { RateLimitError } from './rate-limit.errors.js';
import { RateLimitService } from './rate-limit.service.js';
import { MemoryStore, RedisStore, type Hit, type RateLimitStore } from './rate-limit.store.js';

const WINDOW_MS = 3600_000;

/**
 * At most ACCOUNT_CREATION_PER_IP_HOURLY new accounts per client IP (IPv6: per /64) and hour, across every path that
 * creates one (register, signup, first wallet login). Accounts are what every other limit is counted against, so
 * free accounts would buy limits (and endorsements, SMS, lockouts) by the thousand. Shared through Redis; while
 * Redis is down each instance keeps counting on its own (never open). Off with RATE_LIMIT_ENABLED=false.
 */
@Injectable()
export class AccountCreationLimit {
  private readonly memory = new MemoryStore();
  private readonly shared: RateLimitStore | null;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(RedisHolder) redis: RedisHolder,
    @Inject(RateLimitService) private readonly rateLimit: RateLimitService,
  ) {
    this.shared = redis.client ? new RedisStore(redis.client) : null;
  }

  /**
   * Runs `create` if the client may create another account now, else throws 429 RATE_LIMIT.ACCOUNT_CREATION. The
   * slot is taken before `create` runs, so a burst cannot overshoot the cap, and given back when `create` fails
   * (a taken e-mail spends nothing).
   */
  async create<T>(ip: string | undefined, create: () => Promise<T>): Promise<T> {
    if (!this.rateLimit.enabled) return create();
    const key = `account-creation|${clientKey(ip)}`;
    const limit = this.config.env.ACCOUNT_CREATION_PER_IP_HOURLY;
    const { hit, store } = await this.hit(key);
    if (hit.count > limit) {
      await store.undo(key).catch(() => undefined);
      const retryAfter = Math.max(1, Math.ceil(hit.resetInMs / 1000));
      const reset = Math.ceil((Date.now() + hit.resetInMs) / 1000);
      throw RateLimitError.accountCreation({ limit, remaining: 0, reset }, retryAfter);
    }
    try {
      return await create();
    } catch (err) {
      await store.undo(key).catch(() => undefined);
      throw err;
    }
  }

  private async hit(key: string): Promise<{ hit: Hit; store: RateLimitStore }> {
    if (this.shared) {
      try {
        return { hit: await this.shared.hit(key, WINDOW_MS), store: this.shared };
      } catch {
        this.rateLimit.recordFallback('account_creation', 'per-instance');
      }
    }
    return { hit: await this.memory.hit(key, WINDOW_MS), store: this.memory };
  }
}
