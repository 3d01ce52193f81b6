import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/index.js';
import { RedisHolder } from '../common/redis/redis.module.js';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import { MemoryStore, RedisStore, type Hit, type RateLimitStore } from '../common/rate-limit/rate-limit.store.js';
import type { PartnerPrincipal } from '../common/security/index.js';
import { parseAuthorization } from './client-id.js';
import { PartnerCallLog } from './partner-call-log.service.js';
import { PartnerClientsService, type PartnerClient } from './partner-clients.service.js';
import { PartnerError } from './partner-auth.errors.js';

const QUOTA_WINDOW_MS = 60_000;

/** The client looked up for a request by the rate limiter, so the guard does not query it twice. */
const lookups = new WeakMap<FastifyRequest, Promise<PartnerClient | null>>();

/**
 * `Authorization: client <clientId>` for the partner routes. Revocation is read from the database on every
 * call, so it holds at once on every instance. Each client also has its own requests-per-minute quota on top
 * of the per-route limits, counted in Redis when configured so all instances share it.
 */
@Injectable()
export class PartnerAuthenticator {
  private readonly memory = new MemoryStore();
  private readonly shared: RateLimitStore | null;

  constructor(
    @Inject(PartnerClientsService) private readonly clients: PartnerClientsService,
    @Inject(PartnerCallLog) private readonly log: PartnerCallLog,
    @Inject(RateLimitService) private readonly rateLimit: RateLimitService,
    @Inject(RedisHolder) redis: RedisHolder,
  ) {
    this.shared = redis.client ? new RedisStore(redis.client, 'rlq:') : null;
  }

  private lookup(request: FastifyRequest): Promise<PartnerClient | null> | null {
    const parsed = parseAuthorization(request.headers.authorization);
    if (parsed.kind !== 'client') return null;
    let found = lookups.get(request);
    if (!found) {
      found = this.clients.findByClientId(parsed.clientId);
      lookups.set(request, found);
    }
    return found;
  }

  /** For rate limiting: an active client's requests count against that client, wherever they come from. */
  async identity(request: FastifyRequest): Promise<string | null> {
    try {
      const client = await this.lookup(request);
      return client && !client.revokedAt ? `partner:${client.id}` : null;
    } catch {
      return null;
    }
  }

  async authenticate(request: FastifyRequest): Promise<PartnerPrincipal> {
    let client: PartnerClient | null = null;
    try {
      const parsed = parseAuthorization(request.headers.authorization);
      if (parsed.kind === 'missing') throw PartnerError.missingClient();
      if (parsed.kind === 'malformed') throw PartnerError.malformedClient();
      client = await this.lookup(request);
      if (!client) throw PartnerError.unknownClient();
      if (client.revokedAt) throw PartnerError.revokedClient();
      await this.enforceQuota(client);
    } catch (err) {
      if (err instanceof DomainError) {
        const status = err.code === 'PARTNER.QUOTA_EXCEEDED' ? 429 : 401;
        void this.log.record({
          partnerId: client?.id ?? null,
          ...this.log.describe(request),
          status,
          outcome: err.code,
        });
      }
      throw err;
    }
    this.clients.touch(client.id).catch(() => undefined);
    return { partnerId: client.id, name: client.name };
  }

  private async enforceQuota(client: PartnerClient): Promise<void> {
    if (!this.rateLimit.enabled) return;
    const key = `partner:${client.id}`;
    let hit: Hit;
    try {
      hit = this.shared ? await this.shared.hit(key, QUOTA_WINDOW_MS) : await this.memory.hit(key, QUOTA_WINDOW_MS);
    } catch {
      // Redis down: keep a per-instance quota rather than none.
      this.rateLimit.recordFallback('partner_quota', 'per-instance');
      hit = await this.memory.hit(key, QUOTA_WINDOW_MS);
    }
    if (hit.count > client.rateLimitPerMinute) {
      throw PartnerError.quotaExceeded(Math.max(1, Math.ceil(hit.resetInMs / 1000)));
    }
  }
}
