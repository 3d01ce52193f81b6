import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../common/security/index.js';

/** Who acts, as what, in which request: what an audited service needs, passed to it explicitly. */
export interface AuditActor {
  userId: string;
  role: Role;
  /** Fastify's request id, the X-Request-Id of the response. */
  requestId: string;
}

/** The authenticated staff member and the request id; only on routes the AccessGuard let through as bearer routes. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuditActor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!request.user) throw new Error('Actor used on a route without bearer authentication');
  return { userId: request.user.userId, role: request.user.role, requestId: String(request.id) };
});
