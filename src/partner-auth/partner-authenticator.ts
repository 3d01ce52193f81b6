import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { httpStatusOf, isDomainError } from '../common/errors/index.js';
import { RateLimitCounter } from '../common/rate-limit/rate-limit.counter.js';
import type { PartnerPrincipal } from '../common/security/index.js';
import { parseAuthorization } from './client-id.js';
import { PartnerCallLog } from './partner-call-log.service.js';
import { PartnerClientsService, type PartnerClient } from './partner-clients.service.js';
import { PartnerError } from './partner-auth.errors.js';

const QUOTA_WINDOW_MS = 60_000;

/**
 * `Authorization: client <clientId>` for the partner routes. Revocation is read from the database on every
 * call, so it holds at once on every instance. Each client also has its own requests-per-minute quota on top
 * of the per-route limits, counted in Redis when configured so all instances share it.
 */
@Injectable()
export class PartnerAuthenticator {
  constructor(
    private readonly clients: PartnerClientsService,
    private readonly log: PartnerCallLog,
    private readonly rateLimit: RateLimitCounter,
  ) {}

  /**
   * `admit` counts the request against the client's route limits; it runs between authentication and the client's
   * own quota, so a request the route limit refuses spends no quota (and, as before routing, is not in the call log).
   */
  async authenticate(
    request: FastifyRequest,
    admit: (client: PartnerPrincipal) => Promise<void>,
  ): Promise<PartnerPrincipal> {
    let client: PartnerClient | null = null;
    const logRefusal = (err: unknown) => {
      if (!isDomainError(err)) return;
      void this.log.record({
        partnerId: client?.id ?? null,
        ...this.log.describe(request),
        status: httpStatusOf(err),
        outcome: err.code,
      });
    };
    try {
      const parsed = parseAuthorization(request.headers.authorization);
      if (parsed.kind === 'missing') throw PartnerError.missingClient();
      if (parsed.kind === 'malformed') throw PartnerError.malformedClient();
      client = await this.clients.findByClientId(parsed.clientId);
      if (!client) throw PartnerError.unknownClient();
      if (client.revokedAt) throw PartnerError.revokedClient();
    } catch (err) {
      logRefusal(err);
      throw err;
    }
    const principal: PartnerPrincipal = { partnerId: client.id, name: client.name };
    await admit(principal);
    try {
      await this.enforceQuota(request, client);
    } catch (err) {
      logRefusal(err);
      throw err;
    }
    this.clients.touch(client.id).catch(() => undefined);
    return principal;
  }

  private async enforceQuota(request: FastifyRequest, client: PartnerClient): Promise<void> {
    if (!this.rateLimit.enabled) return;
    // In the rate limits' storage; while Redis is down, a per-instance quota rather than none.
    const key = `quota|partner:${client.id}`;
    const counted = await this.rateLimit.increment(
      'partner_quota',
      'per-instance',
      key,
      QUOTA_WINDOW_MS,
      client.rateLimitPerMinute,
    );
    // A free answer (a validation 400, a replayed submission) gives the quota back too.
    this.rateLimit.charge(request, counted, key, QUOTA_WINDOW_MS, client.rateLimitPerMinute, false);
    const { record } = counted;
    if (record.isBlocked) throw PartnerError.quotaExceeded(record.timeToBlockExpire);
  }
}
