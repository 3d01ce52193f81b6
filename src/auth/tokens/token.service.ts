import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';
import { JwtKeys } from './jwt-keys.js';
import { ACCESS_ALGORITHM, REFRESH_ALGORITHM } from './token.constants.js';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  sub: string;
  sid: string;
  jti: string;
  typ: TokenType;
  exp: number;
}

export interface TokenPair {
  access: string;
  refresh: string;
  refreshJti: string;
  refreshExpiresAt: Date;
}

/**
 * The claims every token carries, of the expected type, from a payload whose signature, algorithm, issuer,
 * audience and expiry were checked; anything else is an invalid token.
 */
export function tokenClaims(payload: Record<string, unknown>, typ: TokenType): TokenClaims {
  const { sub, sid, jti, exp } = payload;
  if (payload.typ !== typ || typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string')
    throw AuthError.invalidToken();
  if (typeof exp !== 'number') throw AuthError.invalidToken();
  return { sub, sid, jti, typ, exp };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const ALGORITHM: Record<TokenType, typeof ACCESS_ALGORITHM | typeof REFRESH_ALGORITHM> = {
  access: ACCESS_ALGORITHM,
  refresh: REFRESH_ALGORITHM,
};

/**
 * Issues the service's JWTs through @nestjs/jwt: access tokens ES256 under the current signing
 * key (`kid` in the header), refresh tokens HS256 under the refresh secret; each says which it is (`typ`).
 * Issuer and audience come from JwtModule's options (jwt-options.ts), the algorithm is pinned per call.
 * Access tokens are verified by the JWT strategy (auth/jwt.strategy.ts), refresh tokens here.
 */
@Injectable()
export class TokenService {
  private readonly ttl: Record<TokenType, number>;

  constructor(
    private readonly jwt: JwtService,
    private readonly keys: JwtKeys,
    config: AppConfig,
  ) {
    this.ttl = { access: config.env.ACCESS_TOKEN_TTL, refresh: config.env.REFRESH_TOKEN_TTL };
  }

  get accessTtl(): number {
    return this.ttl.access;
  }

  get refreshTtl(): number {
    return this.ttl.refresh;
  }

  private sign(typ: TokenType, sub: string, sid: string, jti: string): Promise<string> {
    return this.jwt.signAsync(
      { sid, typ },
      {
        algorithm: ALGORITHM[typ],
        ...(typ === 'access' ? { keyid: this.keys.signingKey().kid } : {}),
        subject: sub,
        jwtid: jti,
        expiresIn: this.ttl[typ],
      },
    );
  }

  async issuePair(userId: string, sessionId: string): Promise<TokenPair> {
    const refreshJti = randomUUID();
    const [access, refresh] = await Promise.all([
      this.sign('access', userId, sessionId, randomUUID()),
      this.sign('refresh', userId, sessionId, refreshJti),
    ]);
    return { access, refresh, refreshJti, refreshExpiresAt: new Date(Date.now() + this.ttl.refresh * 1000) };
  }

  /**
   * Verifies a refresh token: signature under the refresh secret, algorithm, issuer, audience, expiry and its
   * claims.
   */
  async verifyRefresh(token: string): Promise<TokenClaims> {
    let payload: Record<string, unknown>;
    try {
      payload = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: [REFRESH_ALGORITHM] });
    } catch (err) {
      if (err instanceof Error && err.name === 'TokenExpiredError') throw AuthError.tokenExpired();
      throw AuthError.invalidToken();
    }
    return tokenClaims(payload, 'refresh');
  }
}
