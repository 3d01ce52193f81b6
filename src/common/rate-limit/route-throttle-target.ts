import type { ExecutionContext, INestApplication } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addToRouteConfig, type RouteTarget } from '../http/route-config.js';

interface ThrottleTarget {
  controller: RouteTarget;
  handler: RouteTarget;
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
 * same context from here, so every count reads the route's limit the same way.
 */
export function publishThrottleTargets(app: INestApplication): void {
  addToRouteConfig(app, (controller, handler) => ({
    throttleTarget: { controller, handler } satisfies ThrottleTarget,
  }));
}

/** The ExecutionContext a guard on the request's route would get. */
export function throttleContextOf(request: FastifyRequest, reply: FastifyReply): ExecutionContext {
  const target =
    (request.routeOptions.config as { throttleTarget?: ThrottleTarget } | undefined)?.throttleTarget ?? NO_CONTROLLER;
  return new ExecutionContextHost([request, reply], target.controller as never, target.handler);
}
