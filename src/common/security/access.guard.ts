import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IAuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessError } from './access.errors.js';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard.js';
import type { PartnerAdmission } from './partner-admission.js';
import { accessRuleOf } from './route-access.js';
import { strategyGuard } from './strategy-guard.js';
import { StrategyNames } from './strategy-names.js';

/**
 * Deny by default: every route needs a bearer token unless it says @Public() or @PartnerClient(). The route's
 * decorator picks the passport strategy (bearer: passport-jwt, partner: client id), run through @nestjs/passport's
 * AuthGuard; no route names a guard itself.
 *
 * Bearer and partner routes are rate-limited here, not before routing: a request counts against its user once the
 * session was verified live, against its partner client once the client authenticated, and against the client
 * IP when authentication fails, so a token or client id nobody has checked never selects a bucket.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly bearer: IAuthGuard;
  private readonly partner: IAuthGuard;

  constructor(
    private readonly reflector: Reflector,
    strategies: StrategyNames,
    private readonly limits: RateLimitGuard,
  ) {
    this.bearer = strategyGuard(strategies.jwt, 'user', AccessError.unauthenticated);
    this.partner = strategyGuard(strategies.clientId, 'partner', AccessError.partnerUnavailable, (context) =>
      this.partnerAdmission(context),
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const admit = (identity: string) => this.limits.admit(request, reply, identity);
    switch (rule.kind) {
      case 'public':
        return true;
      case 'partner': {
        // The strategy admits the client (partnerAdmission) between authenticating it and spending its quota.
        await this.countingFailures(request, reply, async () => {
          await this.partner.canActivate(context);
        });
        return true;
      }
      case 'bearer': {
        const user = await this.countingFailures(request, reply, async () => {
          await this.bearer.canActivate(context);
          const user = request.user!;
          await admit(`user:${user.userId}`);
          return user;
        });
        if (rule.roles.length && !rule.roles.includes(user.role)) {
          throw AccessError.forbiddenRole(rule.roles);
        }
        return true;
      }
    }
  }

  /** The client-id strategy's authenticate options: route limits counted against the client it established. */
  private partnerAdmission(context: ExecutionContext): PartnerAdmission {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return { admit: (client) => this.limits.admit(request, reply, `partner:${client.partnerId}`) };
  }

  /** A request whose authentication fails before it was counted counts against the client IP (429 over its limit). */
  private async countingFailures<T>(request: FastifyRequest, reply: FastifyReply, authenticate: () => Promise<T>) {
    try {
      return await authenticate();
    } catch (err) {
      await this.limits.admit(request, reply);
      throw err;
    }
  }
}
