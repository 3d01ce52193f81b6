import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SECURITY_HEADER_OPTIONS, securityHeaders } from './security-headers.js';

/**
 * Every answer carries helmet's headers and its request id, set in the first onRequest hook so that an answer
 * a later hook refuses (the drain's 503, a rate limit) has them too. Callback style: no promise per request.
 */
export function configureResponseHeaders(fastify: FastifyInstance): void {
  const headers = securityHeaders(SECURITY_HEADER_OPTIONS);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.headers(headers);
    void reply.header('X-Request-Id', String(request.id));
    done();
  });
}
