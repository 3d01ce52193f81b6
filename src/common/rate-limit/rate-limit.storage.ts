import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers for a hit (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The ThrottlerStorage every limit counts in: the route limits (through the RateLimitGuard), the per-IP
 * account-creation cap and the partner clients' quotas. Two additions to @nestjs/throttler's interface:
 * `decrement`, which gives a reservation back (an account creation that failed), and `refund`, which gives back
 * the hit of a request that turned out free (see free-answers.ts) within a budget of free hits.
 *
 * Both implementations count a fixed window that opens at a key's first hit and lasts `ttl`; a hit over the
 * limit is refused until that window ends (`timeToBlockExpire` = `timeToExpire`), so `blockDuration` is not
 * used: Retry-After always says when the window resets, which is what X-RateLimit-Reset says too.
 */
export interface RateLimitStorage extends ThrottlerStorage {
  /** Takes one hit back; nothing once the window has closed. */
  decrement(key: string): Promise<void>;
  /**
   * Gives one hit on `key` back, unless its window has closed or `freeKey` has already had `freeLimit` hits given
   * back in its own window (opened at its first, lasting `ttlMs`): free answers are free up to a budget, past it
   * they count like any other. Both checks and both writes are atomic. Answers `key`'s new count, or null when
   * nothing was given back.
   */
  refund(key: string, freeKey: string, ttlMs: number, freeLimit: number): Promise<number | null>;
}

/** A record of a window with `count` hits and `remainingMs` left (both storages answer alike). */
export function windowRecord(count: number, remainingMs: number, limit: number): ThrottlerStorageRecord {
  const timeToExpire = Math.max(1, Math.ceil(remainingMs / 1000));
  const isBlocked = count > limit;
  return { totalHits: count, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
}
