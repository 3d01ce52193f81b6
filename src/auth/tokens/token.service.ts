import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';

const ISSUER = 'blockscore';
const AUDIENCE = 'blockscore-api';
/** Access tokens whose signature was checked, newest last; about 2 MB at most. */
const VERIFIED_CACHE_SIZE = 5000;
/** Pinned on verify: a token claiming `alg: none` or RS256 is refused, whatever it says. */
const ALGORITHM = 'HS256';

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

/** Signs and verifies JWTs; access and refresh tokens use different secrets and say which they are. */
@Injectable()
export class TokenService {
  private readonly keys: Record<TokenType, Uint8Array>;
  private readonly ttl: Record<TokenType, number>;
  private readonly verifiedAccess = new Map<string, TokenClaims>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.keys = {
      access: new TextEncoder().encode(config.jwt.access),
      refresh: new TextEncoder().encode(config.jwt.refresh),
    };
    this.ttl = { access: config.env.ACCESS_TOKEN_TTL, refresh: config.env.REFRESH_TOKEN_TTL };
  }

  get accessTtl(): number {
    return this.ttl.access;
  }

  get refreshTtl(): number {
    return this.ttl.refresh;
  }

  private sign(typ: TokenType, sub: string, sid: string, jti: string): Promise<string> {
    return new SignJWT({ sid, typ })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(sub)
      .setJti(jti)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttl[typ]}s`)
      .sign(this.keys[typ]);
  }

  async issuePair(userId: string, sessionId: string): Promise<TokenPair> {
    const refreshJti = randomUUID();
    const [access, refresh] = await Promise.all([
      this.sign('access', userId, sessionId, randomUUID()),
      this.sign('refresh', userId, sessionId, refreshJti),
    ]);
    return { access, refresh, refreshJti, refreshExpiresAt: new Date(Date.now() + this.ttl.refresh * 1000) };
  }

  /** Verifies signature, algorithm, issuer, audience, expiry and that the token is of the expected type. */
  async verify(token: string, typ: TokenType): Promise<TokenClaims> {
    const cached = typ === 'access' ? this.verifiedAccess.get(token) : undefined;
    if (cached) {
      if (cached.exp * 1000 > Date.now()) return cached;
      this.verifiedAccess.delete(token);
      throw AuthError.tokenExpired();
    }
    let claims: TokenClaims;
    try {
      const { payload } = await jwtVerify(token, this.keys[typ], {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      if (payload.typ !== typ || typeof payload.sid !== 'string') throw AuthError.invalidToken();
      claims = { sub: payload.sub!, sid: payload.sid, jti: payload.jti!, typ, exp: payload.exp! };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw AuthError.tokenExpired();
      throw AuthError.invalidToken();
    }
    if (typ === 'access') this.rememberAccess(token, claims);
    return claims;
  }

  /**
   * A client sends the same access token with every request until it expires; its signature is checked
   * once (WebCrypto HMAC is a thread-pool round trip, 4–5 % of a profile read's CPU) and the claims kept
   * until then. Only the exact token string that verified is trusted; expiry is checked on every use and
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
