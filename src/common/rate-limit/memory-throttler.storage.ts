import { windowRecord, type RateLimitStorage, type ThrottlerStorageRecord } from './rate-limit.storage.js';

/**
 * Counts in this instance's memory: the storage when REDIS_URL is unset, and the fallback of the limits that
 * stay on (`per-instance`) while Redis is down. Windows as RateLimitStorage describes; expired ones are swept
 * at most once a minute, on a hit, so an idle instance holds no timer.
 */
export class MemoryThrottlerStorage implements RateLimitStorage {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = Date.now();

  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    if (now - this.lastSweep > 60_000) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + ttl };
      this.windows.set(key, w);
    }
    w.count += 1;
    return Promise.resolve(windowRecord(w.count, w.resetAt - now, limit));
  }

  decrement(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt > Date.now() && w.count > 0) w.count -= 1;
    return Promise.resolve();
  }

  refund(key: string, freeKey: string, ttlMs: number, freeLimit: number): Promise<number | null> {
    const now = Date.now();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now || w.count <= 0) return Promise.resolve(null);
    let free = this.windows.get(freeKey);
    if (!free || free.resetAt <= now) {
      free = { count: 0, resetAt: now + ttlMs };
      this.windows.set(freeKey, free);
    }
    free.count += 1;
    if (free.count > freeLimit) return Promise.resolve(null);
    w.count -= 1;
    return Promise.resolve(w.count);
  }

  private sweep(now: number) {
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
