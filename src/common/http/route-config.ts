import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's metadata targets are any function
export type RouteTarget = Function;

/**
 * Adds what `entries` returns for each controller route to that route's Fastify route config, where code that has
 * the request but not a guard's ExecutionContext (hooks, guards called from other guards) can read it. Must run
 * before `app.init()` registers the routes (Nest hands a handler's route config to Fastify then).
 */
export function addToRouteConfig(
  app: INestApplication,
  entries: (controller: RouteTarget, handler: RouteTarget) => Record<string, unknown>,
): void {
  const scanner = app.get(MetadataScanner);
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as RouteTarget | null;
    const prototype = controller?.prototype as Record<string, RouteTarget> | undefined;
    if (!controller || !prototype) continue;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (!Reflect.hasMetadata(PATH_METADATA, handler)) continue;
      const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
      Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, ...entries(controller, handler) }, handler);
    }
  }
}
