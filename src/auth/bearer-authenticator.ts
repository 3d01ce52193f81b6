import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { UserPrincipal } from '../common/security/index.js';
import { UsersService } from '../users/users.service.js';
import { AuthError } from './auth.errors.js';
import { SessionService } from './sessions/session.service.js';
import { TokenService } from './tokens/token.service.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

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

  async authenticate(request: FastifyRequest): Promise<UserPrincipal> {
    const token = this.token(request);
    if (!token) throw AuthError.missingToken();
    const claims = await this.tokens.verify(token, 'access');
    const session = await this.sessions.validate(claims);
    // Presence for is_online; never delays or fails the request.
    this.users.touch(claims.sub).catch(() => undefined);
    return { userId: claims.sub, sessionId: claims.sid, role: session.role };
  }
}
