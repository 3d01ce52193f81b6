import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { AppConfig } from '../../config/index.js';
import { RedisHolder } from '../redis/redis.module.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { routeAccessOf } from '../security/route-access.js';
import { clientKey } from './client-key.js';
import { DEFAULT_RATE_LIMIT, type RateLimitRule, type RedisDownMode } from './rate-limit.decorator.js';
import { RateLimitError } from './rate-limit.errors.js';
import { MemoryStore, RedisStore, type RateLimitStore } from './rate-limit.store.js';

export interface RateLimitDecision {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
  allowed: boolean;
  retryAfter: number;
}

export type FallbackScope = 'route' | 'partner_quota' | 'account_creation';

/**
 * Per-route limits. Who a request counts against is decided by what the service has checked, never by what the
 * client claims: public routes, routes no controller serves and unmatched ones count against the client IP
 * (onRequest, before the body is read); bearer and partner routes are deferred to the AccessGuard, which counts
 * them against the user or partner client once authenticated, or the client IP when authentication fails.
 */
@Injectable()
export class RateLimitService {
  private readonly memory = new MemoryStore();
  private readonly shared: RateLimitStore | null;
  private readonly fallbacks: Counter<'scope' | 'mode'>;
  /** Requests on bearer and partner routes not counted yet: authentication will say whose they are. */
  private readonly deferred = new WeakSet<FastifyRequest>();

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
        'memory instead, mode="open" went through unlimited; scope is a route limit, a partner client quota or ' +
        'the per-IP account-creation cap',
      labelNames: ['scope', 'mode'],
      registers: [metrics.registry],
    });
  }

  get enabled(): boolean {
    return this.config.env.RATE_LIMIT_ENABLED;
  }

  /** Counts a request that Redis could not count (exported as rate_limit_store_fallback_total). */
  recordFallback(scope: FallbackScope, mode: RedisDownMode): void {
    this.fallbacks.inc({ scope, mode });
  }

  /** onRequest: counts every request but those on bearer and partner routes against the client IP. */
  async countBeforeRouting(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.enabled) return;
    const access = routeAccessOf(request);
    if (access === 'bearer' || access === 'partner') {
      this.deferred.add(request);
      return;
    }
    await this.count(request, reply, clientKey(request.ip));
  }

  /**
   * Counts a deferred request against `identity` (`user:<id>` once its session was verified live, `partner:<id>`
   * once the client authenticated), or against the client IP without one (authentication failed). A request is
   * counted once; later calls do nothing. Throws 429 over the limit.
   */
  async admit(request: FastifyRequest, reply: FastifyReply, identity?: string): Promise<void> {
    if (!this.deferred.delete(request)) return;
    await this.count(request, reply, identity ?? clientKey(request.ip));
  }

  /** True when a request was deferred to authentication and not counted yet. */
  isPending(request: FastifyRequest): boolean {
    return this.deferred.has(request);
  }

  /**
   * onSend, for a deferred request answered before it reached authentication (refused while its body was read:
   * malformed JSON, 413, 415): it counts against the client IP, and its answer carries the headers like any other.
   * Never refuses: the answer is already decided.
   */
  async settleUnauthenticated(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.deferred.delete(request)) return;
    const decision = await this.decide(request, clientKey(request.ip)).catch(() => null);
    if (decision) setHeaders(reply, decision);
  }

  private async count(request: FastifyRequest, reply: FastifyReply, identity: string): Promise<void> {
    const decision = await this.decide(request, identity);
    if (!decision) return;
    setHeaders(reply, decision);
    if (!decision.allowed) throw RateLimitError.exceeded(decision.retryAfter);
  }

  /**
   * Counts the request against its route's limit for `identity`. Null when it was not counted: Redis is down and
   * the route fails open (no X-RateLimit headers then, as nothing was counted).
   */
  private async decide(request: FastifyRequest, identity: string): Promise<RateLimitDecision | null> {
    const rule =
      (request.routeOptions.config as { rateLimit?: RateLimitRule } | undefined)?.rateLimit ?? DEFAULT_RATE_LIMIT;
    const route = request.routeOptions.url ? `${request.method}:${request.routeOptions.url}` : 'unmatched';
    const key = `${route}|${identity}`;
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

function setHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  void reply.header('X-RateLimit-Limit', String(decision.limit));
  void reply.header('X-RateLimit-Remaining', String(decision.remaining));
  void reply.header('X-RateLimit-Reset', String(decision.reset));
}
