/** What every token this service issues says about itself; pinned again on every verify. */
export const ISSUER = 'blockscore';
export const AUDIENCE = 'blockscore-api';

/** Access tokens: asymmetric, so anyone holding the JWKS verifies them without a shared secret. */
export const ACCESS_ALGORITHM = 'ES256';
/**
 * Refresh tokens: only this service ever verifies one (POST /token/refresh, which also checks its hash in the
 * database), so a public key would serve nobody; HMAC is cheaper, and a refresh token can never pass for an
 * access token where our JWKS is trusted, since no published key verifies it.
 */
export const REFRESH_ALGORITHM = 'HS256';

export const JWKS_PATH = '/api/.well-known/jwks.json';
