import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/index.js';
import { replyWithError } from '../errors/index.js';
import { clientErrorHandler } from './client-error.js';
import { genRequestId } from './request-id.js';
import { ROUTER_OPTIONS } from './router-options.js';
import { trustProxyOption } from './trust-proxy.js';

export const BODY_LIMIT = 100 * 1024;

/** Fastify as the service runs it: JSON logs with request ids, the body limit, the drain, error envelopes. */
export function createHttpAdapter(config: AppConfig, logger: Logger): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: logger,
    genReqId: genRequestId,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(config.env.TRUST_PROXY),
    routerOptions: ROUTER_OPTIONS,
    // Drain: on close, idle keep-alive sockets are closed at once, busy ones when their response is sent.
    forceCloseConnections: 'idle',
    // A request read while Fastify closes would get Fastify's own 503 body; the drain's onRequest hook answers every
    // request during the drain with the 503 envelope instead, so Fastify's is turned off.
    return503OnClosing: false,
    // The router answers a malformed URL (400) or an over-long path parameter (414) before any hook runs;
    // they get the request id and the envelope like every other error.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('X-Request-Id', String(request.id));
      replyWithError(error, request, reply);
    },
    // Refused by Node's parser before a request exists (headers over 16 KB, …): the envelope, written raw.
    clientErrorHandler,
  });
}

/** Said once at boot: a bare TRUST_PROXY=true is a guess about the proxies in front. */
export function warnOnBareTrustProxy(config: AppConfig, logger: Logger): void {
  if (config.env.TRUST_PROXY.kind === 'hops' && config.env.TRUST_PROXY.fromTrue) {
    logger.warn("TRUST_PROXY=true is read as 1 hop (production refuses it); set a hop count or the proxies' CIDRs");
  }
}
