/**
 * Fastify's router options, shared with the router that answers 405 (method-not-allowed.ts) so both match a path
 * alike. BlockAuth's seed paths end in a slash and seed 000's do not: every path is served with and without one.
 */
export const ROUTER_OPTIONS = { ignoreTrailingSlash: true, maxParamLength: 200 } as const;
