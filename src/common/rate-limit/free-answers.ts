import type { FastifyReply, FastifyRequest } from 'fastify';
import { refusedBeforeWork } from '../errors/index.js';

/** The response header of an answer replayed from a stored idempotent result. */
export const IDEMPOTENT_REPLAYED = 'idempotent-replayed';

/** Marks `reply` as the replay of a stored idempotent result (the header tells the client; quotas skip it). */
export function markReplayed(reply: FastifyReply): void {
  void reply.header(IDEMPOTENT_REPLAYED, 'true');
}

/**
 * An answer that spends no quota (README "What counts"): a 400 decided before any work was done for the request
 * (validation pipe, JSON parser, URL and body framing), or a success replayed from a stored idempotent result
 * (`Idempotent-Replayed: true`). Every other answer counts, failures included: a wrong password (argon2 ran),
 * a 401, 404, 409, 413, 415, 422 and 429. Free answers still count against a budget of their own per limit
 * (RateLimitStorage.refund), so they cannot be used to flood.
 */
export function isFreeAnswer(request: FastifyRequest, reply: FastifyReply): boolean {
  if (reply.statusCode === 400) return refusedBeforeWork(request);
  return reply.statusCode < 300 && reply.getHeader(IDEMPOTENT_REPLAYED) === 'true';
}
