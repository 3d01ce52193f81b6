import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Path parameters whose values are credentials: never written to a log or a stored record. */
    secretParams?: readonly string[];
  }
}

export const REDACTED = '[REDACTED]';

/** Query parameters whose values are credentials (verification links, etc.). */
const SECRET_QUERY = /([?&](?:token|code|refresh|access_token|signature)=)[^&]*/gi;

/**
 * Marks path parameters of a route as secrets (a challenge id, a token): the request log, the partner call log
 * and error logs show the route with `[REDACTED]` in their place. Declared on the route, so the redaction
 * follows the router's own match, whatever the URL's spelling (percent-encoding, trailing slash).
 *
 * It shares the route's Fastify config with other users, keeping what is there; `RouteConfig` replaces it, so put
 * `@SecretParams` above a `@RouteConfig` (decorators apply bottom-up).
 */
export const SecretParams =
  (...names: string[]): MethodDecorator =>
  (target, key, descriptor) => {
    const existing = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, descriptor.value as object) ?? {}) as object;
    return RouteConfig({ ...existing, secretParams: names })(target, key, descriptor);
  };

function secretNames(request: FastifyRequest): readonly string[] {
  return request.routeOptions?.config?.secretParams ?? [];
}

/** The values of the matched route's secret parameters in this request. */
export function secretParamValues(request: FastifyRequest): string[] {
  const params = (request.params ?? {}) as Record<string, unknown>;
  return secretNames(request)
    .map((name) => params[name])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * The request's URL as it may be logged: for a route with secret parameters, its pattern with the other
 * parameters filled in and the secret ones `[REDACTED]`; secret query parameters redacted everywhere.
 */
export function loggableUrl(request: FastifyRequest): string {
  const url = request.url ?? '';
  // Read once: Fastify builds routeOptions anew on every access, and this runs for every logged request.
  const route = request.routeOptions;
  const secret = route?.config?.secretParams ?? [];
  if (!secret.length) return redactQuery(url);
  const pattern = route.url;
  if (!pattern) return REDACTED;
  const params = (request.params ?? {}) as Record<string, unknown>;
  // Fastify's syntax: `:name`, optionally followed by a regular expression in parentheses.
  const path = pattern.replace(/:(\w+)(\([^)]*\))?/g, (_match, name: string) => {
    const value = params[name];
    return secret.includes(name) ? REDACTED : typeof value === 'string' ? encodeURIComponent(value) : '';
  });
  const query = url.indexOf('?');
  return redactQuery(query === -1 ? path : path + url.slice(query));
}

export function redactQuery(url: string): string {
  return url.replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** `text` (an error message or stack) without the values of this request's secret parameters. */
export function withoutSecretParams(text: string, request: FastifyRequest): string {
  let out = text;
  for (const value of secretParamValues(request)) {
    for (const form of new Set([value, encodeURIComponent(value)])) out = out.split(form).join(REDACTED);
  }
  return out;
}
