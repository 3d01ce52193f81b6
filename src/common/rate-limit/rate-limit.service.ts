import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { AppConfig } from '../../config/index.js';
import { RedisHolder } from '../redis/redis.module.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { DEFAULT_RATE_LIMIT, type RateLimitRule, type RedisDownMode } from './rate-limit.decorator.js';
import { MemoryStore, RedisStore, type RateLimitStore } from './rate-limit.store.js';

export interface RateLimitDecision {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
  allowed: boolean;
  retryAfter: number;
}

/** Returns who a request counts against (e.g. `user:<id>`), or null to fall back to the client IP. */
export type IdentityResolver = (request: FastifyRequest) => string | null | Promise<string | null>;

@Injectable()
export class RateLimitService {
  private readonly memory = new MemoryStore();
  private readonly shared: RateLimitStore | null;
  private readonly resolvers: IdentityResolver[] = [];
  private readonly fallbacks: Counter<'scope' | 'mode'>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(RedisHolder) redis: RedisHolder,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.shared = redis.client ? new RedisStore(redis.client) : null;
    this.fallbacks = new Counter({
      name: 'rate_limit_store_fallback_total',
      help:
        'Requests whose rate limit Redis could not count: mode="per-instance" were counted in this instance\'s ' +
        'memory instead, mode="open" went through unlimited; scope is a route limit or a partner client quota',
      labelNames: ['scope', 'mode'],
      registers: [metrics.registry],
    });
  }

  get enabled(): boolean {
    return this.config.env.RATE_LIMIT_ENABLED;
  }

  /** Modules that know who a caller is (bearer token, partner client) register here. */
  addIdentityResolver(resolver: IdentityResolver): void {
    this.resolvers.push(resolver);
  }

  async identify(request: FastifyRequest): Promise<string> {
    for (const resolve of this.resolvers) {
      const id = await resolve(request);
      if (id) return id;
    }
    return `ip:${request.ip}`;
  }

  /** Counts a request that Redis could not count (exported as rate_limit_store_fallback_total). */
  recordFallback(scope: 'route' | 'partner_quota', mode: RedisDownMode): void {
    this.fallbacks.inc({ scope, mode });
  }

  /**
   * Counts the request against its route's limit. Null when it was not counted: Redis is down and the route
   * fails open (no X-RateLimit headers then, as nothing was counted).
   */
  async check(request: FastifyRequest): Promise<RateLimitDecision | null> {
    const rule =
      (request.routeOptions.config as { rateLimit?: RateLimitRule } | undefined)?.rateLimit ?? DEFAULT_RATE_LIMIT;
    const route = request.routeOptions.url ? `${request.method}:${request.routeOptions.url}` : 'unmatched';
    const key = `${route}|${await this.identify(request)}`;
    const windowMs = rule.windowSeconds * 1000;
    let hit;
    if (this.shared) {
      try {
        hit = await this.shared.hit(key, windowMs);
      } catch {
        // Redis down (the client fails a command at once when disconnected, within its command timeout when
        // Redis stops answering): credential and code routes keep a per-instance limit, the rest go through.
        this.recordFallback('route', rule.onRedisDown);
        if (rule.onRedisDown === 'open') return null;
        hit = await this.memory.hit(key, windowMs);
      }
    } else {
      hit = await this.memory.hit(key, windowMs);
    }
    const now = Date.now();
    return {
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - hit.count),
      reset: Math.ceil((now + hit.resetInMs) / 1000),
      allowed: hit.count <= rule.limit,
      retryAfter: Math.max(1, Math.ceil(hit.resetInMs / 1000)),
    };
  }
}
