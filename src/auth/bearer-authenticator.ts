import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { UserPrincipal } from '../common/security/index.js';
import { UsersService } from '../users/users.service.js';
import { AuthError } from './auth.errors.js';
import { SessionService } from './sessions/session.service.js';
import { TokenService, type TokenClaims } from './tokens/token.service.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/** Claims verified for a request by the rate limiter, so the guard does not verify the JWT twice. */
const verified = new WeakMap<FastifyRequest, TokenClaims>();

@Injectable()
export class BearerAuthenticator {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  private token(request: FastifyRequest): string | null {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return null;
    return BEARER.exec(header.trim())?.[1] ?? null;
  }

  /** For rate limiting: who the request claims to be, checked by signature only (no database). */
  async identity(request: FastifyRequest): Promise<string | null> {
    const token = this.token(request);
    if (!token) return null;
    try {
      const claims = await this.tokens.verify(token, 'access');
      verified.set(request, claims);
      return `user:${claims.sub}`;
    } catch {
      return null;
    }
  }

  async authenticate(request: FastifyRequest): Promise<UserPrincipal> {
    const token = this.token(request);
    if (!token) throw AuthError.missingToken();
    const claims = verified.get(request) ?? (await this.tokens.verify(token, 'access'));
    const session = await this.sessions.validate(claims);
    // Presence for is_online; never delays or fails the request.
    this.users.touch(claims.sub).catch(() => undefined);
    return { userId: claims.sub, sessionId: claims.sid, role: session.role };
  }
}
