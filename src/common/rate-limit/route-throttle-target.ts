import type { ExecutionContext, INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's metadata targets are any function
type Target = Function;

interface ThrottleTarget {
  controller: Target;
  handler: Target;
}

/** Requests no controller serves (unmatched, the API docs, CORS preflight): no @Throttle, so the default limit. */
class NoController {
  noHandler(this: void) {}
}
const NO_CONTROLLER: ThrottleTarget = { controller: NoController, handler: NoController.prototype.noHandler };

/**
 * Copies each controller route's handler and class into its Fastify route config (`config.throttleTarget`).
 * @nestjs/throttler reads a route's `@Throttle` from the ExecutionContext Nest builds for its guards; a request
 * counted outside a guard (before routing, after authentication, or answered while its body was read) gets the
 * same context from here, so every count reads the route's limit the same way. Must run before `app.init()`
 * registers the routes (Nest hands a handler's route config to Fastify then).
 */
export function publishThrottleTargets(app: INestApplication): void {
  const scanner = app.get(MetadataScanner);
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Target | null;
    const prototype = controller?.prototype as Record<string, Target> | undefined;
    if (!controller || !prototype) continue;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (!Reflect.hasMetadata(PATH_METADATA, handler)) continue;
      const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
      const throttleTarget: ThrottleTarget = { controller, handler };
      Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, throttleTarget }, handler);
    }
  }
}

/** The ExecutionContext a guard on the request's route would get. */
export function throttleContextOf(request: FastifyRequest, reply: FastifyReply): ExecutionContext {
  const target =
    (request.routeOptions.config as { throttleTarget?: ThrottleTarget } | undefined)?.throttleTarget ?? NO_CONTROLLER;
  return new ExecutionContextHost([request, reply], target.controller as never, target.handler);
}
