import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type AccessRule } from './access.decorators.js';

/** Deny by default: a route that says nothing needs a bearer token. */
export const DEFAULT_ACCESS_RULE: AccessRule = { kind: 'bearer', roles: [] };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's metadata targets are any function
type Target = Function;

/** The rule a handler runs under: its own, else its controller's, else the default. */
export function accessRuleOf(reflector: Reflector, handler: Target, controller: Target): AccessRule {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]) ?? DEFAULT_ACCESS_RULE;
}

/**
 * Copies each controller route's access kind into its Fastify route config (`config.access`), where code that has
 * the request but not the guard's context can read it: the RateLimitGuard counts public routes itself and leaves
 * bearer and partner routes to the AccessGuard. Must run before `app.init()` registers the routes (Nest hands
 * a handler's route config to Fastify then). Routes no controller serves (the API docs, CORS preflight) and
 * unmatched requests have no `config.access`.
 */
export function publishRouteAccess(app: INestApplication): void {
  const reflector = app.get(Reflector);
  const scanner = app.get(MetadataScanner);
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Target | null;
    const prototype = controller?.prototype as Record<string, Target> | undefined;
    if (!controller || !prototype) continue;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (!Reflect.hasMetadata(PATH_METADATA, handler)) continue;
      const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
      const access: AccessRule['kind'] = accessRuleOf(reflector, handler, controller).kind;
      Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, access }, handler);
    }
  }
}

/** The access kind `publishRouteAccess` gave the request's route; undefined when no controller serves it. */
export function routeAccessOf(request: FastifyRequest): AccessRule['kind'] | undefined {
  return (request.routeOptions.config as { access?: AccessRule['kind'] } | undefined)?.access;
}
