import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteOptions } from 'fastify';
import FindMyWay, { type HTTPMethod, type HTTPVersion } from 'find-my-way';
import { commonError, ErrorKind, replyWithError } from '../errors/index.js';
import { ROUTER_OPTIONS } from './router-options.js';

const noop = () => undefined;

/**
 * 405 with `Allow` for a request whose path a route serves with other methods (RFC 9110 §15.5.6), instead of the
 * 404 Fastify's router answers for any (method, path) pair it does not know.
 *
 * Fastify has no public "which methods does this path have" lookup, so every route it registers (onRoute) is
 * also put in a find-my-way router of our own, built with the options Fastify's router has (trailing slash, the
 * parameter length), so it matches a path exactly as Fastify would. An unmatched request (`is404`) is looked up
 * there in onRequest, before its body is read: a path some method serves answers 405, any other stays Nest's 404.
 * Wildcard routes (the CORS preflight's `OPTIONS *`) serve every path and are left out, or no path would ever be
 * unknown; OPTIONS is listed only where a route declares it.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const paths = FindMyWay<HTTPVersion.V1>(ROUTER_OPTIONS);
  const methods = new Set<HTTPMethod>();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url.includes('*')) return;
    for (const name of ([] as HTTPMethods[]).concat(route.method)) {
      const method = name.toUpperCase() as HTTPMethod;
      if (paths.hasRoute(method, route.url)) continue;
      paths.on(method, route.url, noop);
      methods.add(method);
    }
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!request.is404) return done();
    const allowed: string[] = [...methods].filter((m) => m !== request.method && paths.find(m, request.url) !== null);
    if (!allowed.length) return done();
    // HEAD is served wherever GET is (Fastify's exposeHeadRoutes), whether or not it was registered by name.
    if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
    if (allowed.includes(request.method)) return done();
    void reply.header('Allow', allowed.sort().join(', '));
    replyWithError(methodNotAllowed(request.method, allowed), request, reply);
  });
}

const methodNotAllowed = (method: string, allowed: string[]) =>
  commonError(
    ErrorKind.MethodNotAllowed,
    'REQUEST.METHOD_NOT_ALLOWED',
    `${method} is not served on this path; it serves ${allowed.join(', ')}.`,
  );
