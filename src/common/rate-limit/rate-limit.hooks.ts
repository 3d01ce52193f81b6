import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isFreeAnswer } from './free-answers.js';
import { RateLimitCounter } from './rate-limit.counter.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { publishThrottleTargets } from './route-throttle-target.js';

/**
 * What the guards cannot do themselves. Each route's `@Throttle` target goes into its route config (before
 * `app.init()`); and an answer sent before any guard counted it (no route, or refused while its body was read) is
 * counted against the client IP in onSend, with the headers; and an answer that turns out free (free-answers.ts)
 * gives back what the request spent, in onSend too, before its headers leave. Rate limits are otherwise counted by
 * the RateLimitGuard (public routes) and the AccessGuard (bearer and partner ones, once authenticated), not in
 * onRequest: refusing a flood before its body is read saved nothing measurable (bench/shield.js, bench/RESULTS.md).
 */
export function configureRateLimit(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  publishThrottleTargets(app);
  const rateLimit = app.get(RateLimitGuard);
  const counter = app.get(RateLimitCounter);
  const settleAndRefund = async (request: FastifyRequest, reply: FastifyReply) => {
    await rateLimit.settle(request, reply);
    if (isFreeAnswer(request, reply)) await counter.refundFree(request, reply);
  };
  // Callback style: no promise per response on every route for a rare case.
  fastify.addHook(
    'onSend',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, next: (err: null, value: unknown) => void) => {
      if (rateLimit.isPending(request) || (counter.charged(request) && isFreeAnswer(request, reply))) {
        void settleAndRefund(request, reply).then(() => next(null, payload));
        return;
      }
      next(null, payload);
    },
  );
}
