import { Inject, Injectable, type ExecutionContext, type Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { routeAccessOf } from '../security/route-access.js';
import { clientKey } from './client-key.js';
import { ON_REDIS_DOWN, type RedisDownMode } from './rate-limit.decorator.js';
import { RateLimitCounter } from './rate-limit.counter.js';
import { RateLimitError } from './rate-limit.errors.js';
import { REPLAYS_FROM, type StoredReplays } from './stored-replays.js';
import { throttleContextOf } from './route-throttle-target.js';

/**
 * @nestjs/throttler's guard, counting each request once against what the service has checked, never what the
 * client claims: public routes against the client IP (as a global guard, after the body was parsed); bearer and
 * partner routes once the AccessGuard has authenticated them (`admit`: against the user or partner
 * client, or the client IP when authentication fails); requests no guard reaches (unmatched routes, bodies
 * refused while read) against the client IP when their answer is sent (`settle`).
 *
 * Every counted answer carries X-RateLimit-Limit, -Remaining and -Reset (unix seconds, where the package writes
 * seconds left); over the limit it throws our RATE_LIMIT.EXCEEDED error, whose envelope carries Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly counted = new WeakSet<FastifyRequest>();
  /** Who an authenticated request counts against (`user:<id>`, `partner:<id>`); the client IP otherwise. */
  private readonly identities = new WeakMap<FastifyRequest, string>();

  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly counter: RateLimitCounter,
    private readonly modules: ModuleRef,
  ) {
    super(options, storage, reflector);
  }

  get enabled(): boolean {
    return this.counter.enabled;
  }

  /** Global guard: public routes; bearer and partner routes wait for authentication (`admit`). */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const access = routeAccessOf(request);
    if (access === 'bearer' || access === 'partner') return true;
    return this.count(request, context);
  }

  /**
   * Counts a request on a bearer or partner route against `identity` (`user:<id>` once its session was verified
   * live, `partner:<id>` once the client authenticated), or against the client IP without one (authentication
   * failed). A request is counted once; later calls do nothing. Throws 429 over the limit.
   */
  async admit(request: FastifyRequest, reply: FastifyReply, identity?: string): Promise<void> {
    if (this.counted.has(request)) return;
    if (identity) this.identities.set(request, identity);
    await this.count(request, throttleContextOf(request, reply));
  }

  /** True when the answer to `request` is about to leave uncounted (onSend then calls `settle`). */
  isPending(request: FastifyRequest): boolean {
    return this.enabled && !this.counted.has(request);
  }

  /**
   * onSend, for a request answered before any count (no route, or refused while its body was read: malformed
   * JSON, 413, 415): it counts against the client IP and its answer carries the headers like any other. Never
   * refuses: the answer is already decided.
   */
  async settle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.counted.has(request)) return;
    await this.count(request, throttleContextOf(request, reply)).catch(() => undefined);
  }

  private async count(request: FastifyRequest, context: ExecutionContext): Promise<boolean> {
    if (this.counted.has(request)) return true;
    this.counted.add(request);
    return super.canActivate(context);
  }

  protected override getTracker(request: FastifyRequest): Promise<string> {
    return Promise.resolve(this.identities.get(request) ?? clientKey(request.ip));
  }

  /** `<METHOD>:<route pattern>|<tracker>`, readable in Redis; a throttler other than `default` prefixes its name. */
  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions.url ? `${request.method}:${request.routeOptions.url}` : 'unmatched';
    return `${throttler === 'default' ? '' : `${throttler}:`}${route}|${tracker}`;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, getTracker, generateKey } = props;
    const { req, res } = this.getRequestResponse(context);
    const key = generateKey(context, await getTracker(req, context), throttler.name ?? 'default');
    const onRedisDown =
      this.reflector.getAllAndOverride<RedisDownMode | undefined>(ON_REDIS_DOWN, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'open';
    const counted = await this.counter.increment('route', onRedisDown, key, ttl, limit);
    // Redis down and the route fails open: nothing was counted, so no X-RateLimit headers.
    if (!counted) return true;
    this.counter.charge(req as FastifyRequest, counted, key, ttl, limit, true);
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = counted.record;
    const reply = res as FastifyReply;
    void reply.header('X-RateLimit-Limit', String(limit));
    void reply.header('X-RateLimit-Remaining', String(Math.max(0, limit - totalHits)));
    void reply.header('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000 + timeToExpire)));
    if (!isBlocked) return true;
    // Over the limit, only a replay of a stored answer goes on, made free here (not at onSend) so it is let in only
    // while the free budget holds: a client cannot replay one stored answer without end past its limit.
    if (
      (await this.isStoredReplay(context, req as FastifyRequest)) &&
      (await this.counter.refundFree(req as FastifyRequest, reply))
    ) {
      return true;
    }
    throw RateLimitError.exceeded(timeToBlockExpire);
  }

  /** Over the limit on a `@ReplaysFrom` route: does the request only replay an answer already stored for it? */
  private async isStoredReplay(context: ExecutionContext, request: FastifyRequest): Promise<boolean> {
    const lookup = this.reflector.getAllAndOverride<Type<StoredReplays> | undefined>(REPLAYS_FROM, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!lookup) return false;
    return this.modules.get(lookup, { strict: false }).isStoredReplay(request, await this.getTracker(request));
  }
}
