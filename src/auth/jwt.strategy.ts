import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { StrategyNames, type UserPrincipal } from '../common/security/index.js';
import { UsersService } from '../users/users.service.js';
import { AuthError } from './auth.errors.js';
import { CachingJwtStrategy } from './caching-jwt-strategy.js';
import { SessionService } from './sessions/session.service.js';
import { JwtKeys } from './tokens/jwt-keys.js';
import { ACCESS_ALGORITHM, AUDIENCE, ISSUER } from './tokens/token.constants.js';
import { tokenClaims } from './tokens/token.service.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/** The access token of `Authorization: Bearer <jwt>`; null when there is none (401 AUTH.UNAUTHENTICATED). */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  return BEARER.exec(header.trim())?.[1] ?? null;
}

/**
 * Bearer access tokens (passport-jwt): ES256 pinned, the key the token's `kid` names among those we publish
 * (JwtKeys, as the JWKS lists them; any other kid is an invalid token), issuer and audience pinned, expiry. Then
 * validate(): the claims every access token carries, and its session live (SessionService: the database, or
 * the short-lived cache every revocation empties on every instance), so a logout or revocation holds at once on
 * every instance.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(CachingJwtStrategy) {
  constructor(
    names: StrategyNames,
    keys: JwtKeys,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
  ) {
    super({
      name: names.jwt,
      jwtFromRequest: bearerToken,
      secretOrKeyProvider: (_request, token: string, done) => {
        const key = keys.publicKeyForToken(token);
        // jsonwebtoken takes the KeyObject (parsed once); @types/passport-jwt only lists string | Buffer.
        if (key) done(null, key as unknown as Buffer);
        else done(AuthError.invalidToken());
      },
      algorithms: [ACCESS_ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  async validate(payload: Record<string, unknown>): Promise<UserPrincipal> {
    const claims = tokenClaims(payload, 'access');
    const session = await this.sessions.validate(claims);
    // Presence for is_online; never delays or fails the request.
    this.users.touch(claims.sub).catch(() => undefined);
    return { userId: claims.sub, sessionId: claims.sid, role: session.role };
  }
}
