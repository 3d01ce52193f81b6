import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';
import { JwtKeys } from './jwt-keys.js';
import { ACCESS_ALGORITHM, REFRESH_ALGORITHM } from './token.constants.js';

/** Access tokens whose signature was checked, newest last; about 2 MB at most. */
const VERIFIED_CACHE_SIZE = 5000;

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

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const ALGORITHM: Record<TokenType, typeof ACCESS_ALGORITHM | typeof REFRESH_ALGORITHM> = {
  access: ACCESS_ALGORITHM,
  refresh: REFRESH_ALGORITHM,
};

/**
 * Issues and verifies the service's JWTs through @nestjs/jwt: access tokens ES256 under the current signing
 * key (`kid` in the header), refresh tokens HS256 under the refresh secret; each says which it is (`typ`).
 * Issuer and audience come from JwtModule's options (jwt-options.ts), the algorithm is pinned per call.
 */
@Injectable()
export class TokenService {
  private readonly ttl: Record<TokenType, number>;
  private readonly verifiedAccess = new Map<string, TokenClaims>();

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(JwtKeys) private readonly keys: JwtKeys,
    @Inject(AppConfig) config: AppConfig,
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
   * Verifies signature (under a key we trust, chosen by the pinned algorithm and the `kid`), algorithm, issuer,
   * audience, expiry, the claims every token carries, and that the token is of the expected type.
   */
  async verify(token: string, typ: TokenType): Promise<TokenClaims> {
    const cached = typ === 'access' ? this.verifiedAccess.get(token) : undefined;
    if (cached) {
      if (cached.exp * 1000 > Date.now()) return cached;
      this.verifiedAccess.delete(token);
      throw AuthError.tokenExpired();
    }
    let payload: Record<string, unknown>;
    try {
      payload = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: [ALGORITHM[typ]] });
    } catch (err) {
      if (err instanceof Error && err.name === 'TokenExpiredError') throw AuthError.tokenExpired();
      throw AuthError.invalidToken();
    }
    const { sub, sid, jti, exp } = payload;
    if (payload.typ !== typ || typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string')
      throw AuthError.invalidToken();
    if (typeof exp !== 'number') throw AuthError.invalidToken();
    const claims: TokenClaims = { sub, sid, jti, typ, exp };
    if (typ === 'access') this.rememberAccess(token, claims);
    return claims;
  }

  /**
   * A client sends the same access token with every request until it expires; its signature is checked
   * once and the claims kept until then. An ES256 verification is ~0.1 ms of CPU on the event loop, six times
   * an HMAC (README, "Token keys": `node bench/tokens.js`), so checking it once per token string matters more
   * than it did. Only the exact token string that verified is trusted; expiry is checked on every use and
   * revocation is the session check's job, as before.
   */
  private rememberAccess(token: string, claims: TokenClaims): void {
    if (this.verifiedAccess.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verifiedAccess.keys().next().value;
      if (oldest !== undefined) this.verifiedAccess.delete(oldest);
    }
    this.verifiedAccess.set(token, claims);
  }
}
