import type { Redis } from 'ioredis';
import { windowRecord, type RateLimitStorage, type ThrottlerStorageRecord } from './rate-limit.storage.js';

/**
 * INCR, the window's expiry on the first hit, and the time left, in one script: one round trip (EVALSHA; ioredis
 * sends the script itself once after a Redis restart emptied its cache), and atomic, so concurrent hits from
 * every instance are counted exactly and no key is left without an expiry. A key found without one (written by
 * hand, or a PERSIST) gets the window again rather than counting forever.
 */
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** DECR on an expired key would create one without an expiry: only a live window gives a hit back. */
const UNDO = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0`;

/**
 * A refund: nothing once the counted window has closed; else one more hit on the free budget (its window opens
 * at its first hit), and the counted hit given back only while that budget holds. -1 when nothing was given back.
 */
const REFUND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local free = redis.call('INCR', KEYS[2])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
if free > tonumber(ARGV[2]) then return -1 end
return redis.call('DECR', KEYS[1])`;

type ScriptedRedis = Redis & {
  rateLimitHit(key: string, ttlMs: number): Promise<[number, number]>;
  rateLimitUndo(key: string): Promise<number>;
  rateLimitRefund(key: string, freeKey: string, ttlMs: number, freeLimit: number): Promise<number>;
};

/** Shared by every instance; keys are `rl:<key>` holding the window's count. */
export class RedisThrottlerStorage implements RateLimitStorage {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly prefix = 'rl:',
  ) {
    if (!('rateLimitHit' in redis)) {
      redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
      redis.defineCommand('rateLimitUndo', { numberOfKeys: 1, lua: UNDO });
      redis.defineCommand('rateLimitRefund', { numberOfKeys: 2, lua: REFUND });
    }
    this.redis = redis as ScriptedRedis;
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const [count, remainingMs] = await this.redis.rateLimitHit(this.prefix + key, ttl);
    return windowRecord(Number(count), Number(remainingMs), limit);
  }

  async decrement(key: string): Promise<void> {
    await this.redis.rateLimitUndo(this.prefix + key);
  }

  async refund(key: string, freeKey: string, ttlMs: number, freeLimit: number): Promise<number | null> {
    const count = Number(await this.redis.rateLimitRefund(this.prefix + key, this.prefix + freeKey, ttlMs, freeLimit));
    return count < 0 ? null : count;
  }
}
