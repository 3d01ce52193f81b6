import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { AppConfig } from '../../config/index.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { RedisHolder } from '../redis/redis-holder.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import type { RedisDownMode } from './rate-limit.decorator.js';
import type { RateLimitStorage, ThrottlerStorageRecord } from './rate-limit.storage.js';

export type FallbackScope = 'route' | 'partner_quota' | 'account_creation';

export interface Counted {
  record: ThrottlerStorageRecord;
  /** Where the hit was counted, for a `decrement`. */
  storage: RateLimitStorage;
}

/** A hit a request spent, kept until its answer is sent in case the answer turns out free. */
interface Charge {
  storage: RateLimitStorage;
  key: string;
  ttlMs: number;
  limit: number;
  /** The route limit, whose X-RateLimit-Remaining the answer carries. */
  route: boolean;
}

/**
 * Every limit counts through here, in ThrottlerModule's storage (Redis when configured, else memory), with the
 * policy for when Redis does not answer: `per-instance` counts in this instance's memory instead, `open` counts
 * nothing. Either way rate_limit_store_fallback_total says so.
 */
@Injectable()
export class RateLimitCounter {
  private readonly fallback = new MemoryThrottlerStorage();
  private readonly fallbacks: Counter<'scope' | 'mode'>;
  private readonly shared: boolean;
  private readonly charges = new WeakMap<FastifyRequest, Charge[]>();

  constructor(
    private readonly config: AppConfig,
    @Inject(getStorageToken()) private readonly storage: RateLimitStorage,
    redis: RedisHolder,
    metrics: MetricsRegistry,
  ) {
    this.shared = redis.configured;
    this.fallbacks = new Counter({
      name: 'rate_limit_store_fallback_total',
      help:
        'Requests whose rate limit Redis could not count: mode="per-instance" were counted in this instance\'s ' +
        'memory instead, mode="open" went through unlimited; scope is a route limit, a partner client quota or ' +
        'the per-IP account-creation cap',
      labelNames: ['scope', 'mode'],
      registers: [metrics.registry],
    });
  }

  /** RATE_LIMIT_ENABLED: false turns every limit off (tests and benchmarks that are about something else). */
  get enabled(): boolean {
    return this.config.env.RATE_LIMIT_ENABLED;
  }

  /** Counts one hit on `key`; null when nothing was counted (Redis down and the limit is `open`). */
  increment(
    scope: FallbackScope,
    onRedisDown: 'per-instance',
    key: string,
    ttlMs: number,
    limit: number,
  ): Promise<Counted>;
  increment(
    scope: FallbackScope,
    onRedisDown: RedisDownMode,
    key: string,
    ttlMs: number,
    limit: number,
  ): Promise<Counted | null>;
  async increment(
    scope: FallbackScope,
    onRedisDown: RedisDownMode,
    key: string,
    ttlMs: number,
    limit: number,
  ): Promise<Counted | null> {
    try {
      return { record: await this.storage.increment(key, ttlMs, limit, ttlMs, 'default'), storage: this.storage };
    } catch (err) {
      if (!this.shared) throw err;
      // Redis down (a command fails at once while disconnected, within its command timeout when Redis stops
      // answering on an open connection).
      this.fallbacks.inc({ scope, mode: onRedisDown });
      if (onRedisDown === 'open') return null;
      return { record: await this.fallback.increment(key, ttlMs, limit), storage: this.fallback };
    }
  }

  /** Remembers that `request` spent `counted` on `key`, so a free answer gives it back (`refundFree`). */
  charge(request: FastifyRequest, counted: Counted, key: string, ttlMs: number, limit: number, route: boolean): void {
    const charge: Charge = { storage: counted.storage, key, ttlMs, limit, route };
    const charges = this.charges.get(request);
    if (charges) charges.push(charge);
    else this.charges.set(request, [charge]);
  }

  /** True when `request` spent a hit on some limit. */
  charged(request: FastifyRequest): boolean {
    return this.charges.has(request);
  }

  /**
   * For an answer that is free (free-answers.ts): gives back every hit the request spent, each within the free
   * budget of its limit (as many free answers per window as the limit itself: `free:<key>`), and rewrites
   * X-RateLimit-Remaining to match. A refund the store refuses or fails leaves the hit counted. True when every
   * hit was given back.
   */
  async refundFree(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const charges = this.charges.get(request);
    if (!charges) return false;
    this.charges.delete(request);
    let all = true;
    for (const c of charges) {
      const count = await c.storage.refund(c.key, `free:${c.key}`, c.ttlMs, c.limit).catch(() => null);
      if (count === null) all = false;
      else if (c.route) void reply.header('X-RateLimit-Remaining', String(Math.max(0, c.limit - count)));
    }
    return all;
  }
}
