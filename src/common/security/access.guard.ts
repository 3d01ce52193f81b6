import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../errors/index.js';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard.js';
import { AuthenticatorRegistry } from './authenticators.js';
import { accessRuleOf } from './route-access.js';

/**
 * Deny by default: every route needs a bearer token unless it says @Public() or @PartnerClient().
 *
 * Bearer and partner routes are rate-limited here, not before routing: a request counts against its user once the
 * session was verified live, against its partner client once the client authenticated, and against the client
 * IP when authentication fails, so a token or client id nobody has checked never selects a bucket.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthenticatorRegistry) private readonly authenticators: AuthenticatorRegistry,
    @Inject(RateLimitGuard) private readonly limits: RateLimitGuard,
  ) {}

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
        request.partner = await this.countingFailures(request, reply, async () => {
          const partner = this.authenticators.partner;
          if (!partner) throw unauthorized('PARTNER.UNAUTHENTICATED', 'Partner authentication is not available.');
          return partner(request, (client) => admit(`partner:${client.partnerId}`));
        });
        return true;
      }
      case 'bearer': {
        request.user = await this.countingFailures(request, reply, async () => {
          const bearer = this.authenticators.bearer;
          if (!bearer) {
            throw unauthorized('AUTH.UNAUTHENTICATED', 'Authentication is required to access this resource.');
          }
          const user = await bearer(request);
          await admit(`user:${user.userId}`);
          return user;
        });
        if (rule.roles.length && !rule.roles.includes(request.user.role)) {
          throw forbidden('AUTH.FORBIDDEN_ROLE', `This action needs the role ${rule.roles.join(' or ')}.`);
        }
        return true;
      }
    }
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
