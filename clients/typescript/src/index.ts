import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** A value given once, or read at each request (a token that a login or a refresh replaces). */
export type Supplier = string | (() => string | undefined);

export interface ClientOptions {
  /** The server's origin, e.g. `http://localhost:5000`: the schema's paths start with `/api`. */
  baseUrl: string;
  /** An access token: sent as `Authorization: Bearer <token>` (BlockScore and BlockAuth routes). */
  token?: Supplier;
  /** A Credo360 partner client id: sent as `Authorization: client <id>` (the `/api/partner/…` routes). */
  partnerClientId?: Supplier;
  /** Sent as `X-Request-Id`, so the server's logs and error bodies carry your correlation id. */
  requestId?: Supplier;
  /** Another fetch (a test double, a proxy agent); the global one by default. */
  fetch?: (input: Request) => Promise<Response>;
}

export type BlockScoreClient = Client<paths>;

const read = (value: Supplier | undefined): string | undefined => (typeof value === 'function' ? value() : value);

/**
 * A client for the whole service, typed from its OpenAPI document: `client.POST('/api/auth/login', { body })`
 * answers `{ data, error, response }`, with `data` typed for the success status and `error` for the error ones.
 * An `Authorization` or `X-Request-Id` header given on one call wins over the options.
 */
export function createClient(options: ClientOptions): BlockScoreClient {
  if (options.token !== undefined && options.partnerClientId !== undefined)
    throw new Error('createClient: give either token or partnerClientId (both use the Authorization header)');
  const client = createFetchClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  const headers: Middleware = {
    onRequest({ request }) {
      if (!request.headers.has('authorization')) {
        const token = read(options.token);
        const partner = read(options.partnerClientId);
        if (token) request.headers.set('authorization', `Bearer ${token}`);
        else if (partner) request.headers.set('authorization', `client ${partner}`);
      }
      const requestId = read(options.requestId);
      if (requestId && !request.headers.has('x-request-id')) request.headers.set('x-request-id', requestId);
      return request;
    },
  };
  client.use(headers);
  return client;
}

/** The id the server answered under (yours when you sent one): quote it when you report a problem. */
export function requestIdOf(response: Response): string | null {
  return response.headers.get('x-request-id');
}
