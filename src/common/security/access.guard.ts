import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../errors/index.js';
import { ACCESS_KEY, type AccessRule } from './access.decorators.js';
import { AuthenticatorRegistry } from './authenticators.js';

const DEFAULT_RULE: AccessRule = { kind: 'bearer', roles: [] };

/** Deny by default: every route needs a bearer token unless it says @Public() or @PartnerClient(). */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthenticatorRegistry) private readonly authenticators: AuthenticatorRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule =
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_RULE;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    switch (rule.kind) {
      case 'public':
        return true;
      case 'partner': {
        if (!this.authenticators.partner)
          throw unauthorized('PARTNER.UNAUTHENTICATED', 'Partner authentication is not available.');
        request.partner = await this.authenticators.partner(request);
        return true;
      }
      case 'bearer': {
        if (!this.authenticators.bearer) {
          throw unauthorized('AUTH.UNAUTHENTICATED', 'Authentication is required to access this resource.');
        }
        request.user = await this.authenticators.bearer(request);
        if (rule.roles.length && !rule.roles.includes(request.user.role)) {
          throw forbidden('AUTH.FORBIDDEN_ROLE', `This action needs the role ${rule.roles.join(' or ')}.`);
        }
        return true;
      }
    }
  }
}
