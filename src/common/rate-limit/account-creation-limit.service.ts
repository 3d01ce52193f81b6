import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { clientKey } from './client-key.js';
import { RateLimitCounter } from './rate-limit.counter.js';
import { RateLimitError } from './rate-limit.errors.js';

const WINDOW_MS = 3600_000;

/**
 * At most ACCOUNT_CREATION_PER_IP_HOURLY new accounts per client IP (IPv6: per /64) and hour, across every path that
 * creates one (register, signup, first wallet login). Accounts are what every other limit is counted against, so
 * free accounts would buy limits (and endorsements, SMS, lockouts) by the thousand. Counted in the rate limits'
 * ThrottlerStorage; while Redis is down each instance keeps counting on its own (never open). Off with
 * RATE_LIMIT_ENABLED=false.
 */
@Injectable()
export class AccountCreationLimit {
  constructor(
    private readonly config: AppConfig,
    private readonly counter: RateLimitCounter,
  ) {}

  /**
   * Runs `create` if the client may create another account now, else throws 429 RATE_LIMIT.ACCOUNT_CREATION. The
   * slot is taken before `create` runs, so a burst cannot overshoot the cap, and given back when `create` fails
   * (a taken e-mail spends nothing).
   */
  async create<T>(ip: string | undefined, create: () => Promise<T>): Promise<T> {
    if (!this.counter.enabled) return create();
    const key = `account-creation|${clientKey(ip)}`;
    const limit = this.config.env.ACCOUNT_CREATION_PER_IP_HOURLY;
    const { record, storage } = await this.counter.increment('account_creation', 'per-instance', key, WINDOW_MS, limit);
    if (record.isBlocked) {
      await storage.decrement(key).catch(() => undefined);
      const reset = Math.ceil(Date.now() / 1000 + record.timeToExpire);
      throw RateLimitError.accountCreation({ limit, remaining: 0, reset }, record.timeToBlockExpire);
    }
    try {
      return await create();
    } catch (err) {
      await storage.decrement(key).catch(() => undefined);
      throw err;
    }
  }
}
