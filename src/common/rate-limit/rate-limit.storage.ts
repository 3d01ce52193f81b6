import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers for a hit (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The ThrottlerStorage every limit counts in: the route limits (through the RateLimitGuard), the per-IP
 * account-creation cap and the partner clients' quotas. One addition to @nestjs/throttler's interface:
 * `decrement`, which gives a reservation back (an account creation that failed).
 *
 * Both implementations count a fixed window that opens at a key's first hit and lasts `ttl`; a hit over the
 * limit is refused until that window ends (`timeToBlockExpire` = `timeToExpire`), so `blockDuration` is not
 * used: Retry-After always says when the window resets, which is what X-RateLimit-Reset says too.
 */
export interface RateLimitStorage extends ThrottlerStorage {
  /** Takes one hit back; nothing once the window has closed. */
  decrement(key: string): Promise<void>;
}

/** A record of a window with `count` hits and `remainingMs` left (both storages answer alike). */
export function windowRecord(count: number, remainingMs: number, limit: number): ThrottlerStorageRecord {
  const timeToExpire = Math.max(1, Math.ceil(remainingMs / 1000));
  const isBlocked = count > limit;
  return { totalHits: count, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
}
