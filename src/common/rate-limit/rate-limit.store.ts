import type { Redis } from 'ioredis';

export interface Hit {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window closes. */
  resetInMs: number;
}

export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<Hit>;
  /** Takes one hit back (a reservation whose action failed); nothing once the window has closed. */
  undo(key: string): Promise<void>;
}

/**
 * A window opens at a key's first request and lasts `windowMs`; a burst never straddles two fresh windows.
 * Per-instance: used when Redis is not configured, and as the fallback while it is down.
 */
export class MemoryStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = Date.now();

  hit(key: string, windowMs: number): Promise<Hit> {
    const now = Date.now();
    if (now - this.lastSweep > 60_000) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return Promise.resolve({ count: w.count, resetInMs: w.resetAt - now });
  }

  undo(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt > Date.now() && w.count > 0) w.count -= 1;
    return Promise.resolve();
  }

  private sweep(now: number) {
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

const UNDO_IF_LIVE = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0`;

/** Shared by every instance: INCR and PEXPIRE NX in one MULTI, then the remaining TTL. */
export class RedisStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'rl:',
  ) {}

  async hit(key: string, windowMs: number): Promise<Hit> {
    const k = this.prefix + key;
    const res = await this.redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
    if (!res) throw new Error('rate limit transaction aborted');
    for (const [err] of res) if (err) throw err;
    const count = Number(res[0][1]);
    const ttl = Number(res[2][1]);
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async undo(key: string): Promise<void> {
    // Only a live window: DECR on an expired key would create one without a TTL.
    await this.redis.eval(UNDO_IF_LIVE, 1, this.prefix + key);
  }
}
