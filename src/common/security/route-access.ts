import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { addToRouteConfig, type RouteTarget } from '../http/route-config.js';
import { ACCESS_KEY, type AccessRule } from './access.decorators.js';

/** Deny by default: a route that says nothing needs a bearer token. */
export const DEFAULT_ACCESS_RULE: AccessRule = { kind: 'bearer', roles: [] };

/** The rule a handler runs under: its own, else its controller's, else the default. */
export function accessRuleOf(reflector: Reflector, handler: RouteTarget, controller: RouteTarget): AccessRule {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]) ?? DEFAULT_ACCESS_RULE;
}

/**
 * Copies each controller route's access kind into its Fastify route config (`config.access`): the RateLimitGuard
 * counts public routes itself and leaves bearer and partner routes to the AccessGuard. Routes no controller serves
 * (the API docs, CORS preflight) and unmatched requests have no `config.access`.
 */
export function publishRouteAccess(app: INestApplication): void {
  const reflector = app.get(Reflector);
  addToRouteConfig(app, (controller, handler) => ({ access: accessRuleOf(reflector, handler, controller).kind }));
}

/** The access kind `publishRouteAccess` gave the request's route; undefined when no controller serves it. */
export function routeAccessOf(request: FastifyRequest): AccessRule['kind'] | undefined {
  return (request.routeOptions.config as { access?: AccessRule['kind'] } | undefined)?.access;
}
