import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PartnerPrincipal, UserPrincipal } from './principal.js';

/** The authenticated user; only on routes the AccessGuard has let through as bearer routes. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserPrincipal => {
  const user = ctx.switchToHttp().getRequest<FastifyRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without bearer authentication');
  return user;
});

export const CurrentPartner = createParamDecorator((_: unknown, ctx: ExecutionContext): PartnerPrincipal => {
  const partner = ctx.switchToHttp().getRequest<FastifyRequest>().partner;
  if (!partner) throw new Error('CurrentPartner used on a route without partner authentication');
  return partner;
});
