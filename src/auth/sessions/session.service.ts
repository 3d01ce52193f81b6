import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../../common/security/index.js';
import { AppConfig } from '../../config/index.js';
import { isActive, UsersService } from '../../users/users.service.js';
import { AuthError } from '../auth.errors.js';
import { hashToken, TokenService, type TokenClaims, type TokenPair } from '../tokens/token.service.js';
import { LiveSessions } from './live-sessions.js';
import { SessionsRepository } from './sessions.repository.js';

export interface SessionUser {
  userId: string;
  role: Role;
  status: string;
}

/**
 * Sessions live in the database. A check that found one live is cached for a few seconds (LiveSessions), and
 * every revocation is broadcast to every instance's cache after it is committed, so a logout or revocation on one
 * instance holds on every instance at once.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly live: LiveSessions,
  ) {}

  async start(userId: string, meta: { ip?: string; userAgent?: string } = {}): Promise<TokenPair> {
    const sessionId = randomUUID();
    const pair = await this.tokens.issuePair(userId, sessionId);
    await this.sessions.start(
      {
        id: sessionId,
        userId,
        expiresAt: pair.refreshExpiresAt,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      },
      { jti: pair.refreshJti, sessionId, tokenHash: hashToken(pair.refresh), expiresAt: pair.refreshExpiresAt },
    );
    return pair;
  }

  /** The session behind an access token must be live and its user allowed in. */
  async validate(claims: TokenClaims): Promise<SessionUser> {
    const cached = await this.live.get(claims.sid, claims.sub);
    if (cached) return { userId: claims.sub, role: cached.role, status: cached.status };
    const mark = this.live.mark();
    const row = await this.sessions.check(claims.sid, claims.sub);
    if (!row || row.revoked) throw AuthError.sessionRevoked();
    if (row.status === 'suspended' || row.status === 'deactivated') throw AuthError.inactive();
    this.live.remember(mark, claims.sid, {
      userId: claims.sub,
      role: row.role,
      status: row.status,
      expiresAt: row.expiresAt.getTime(),
    });
    return { userId: claims.sub, role: row.role, status: row.status };
  }

  /** Single use, rotating. Exactly one of any number of concurrent refreshes of one token wins. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = await this.tokens.verifyRefresh(refreshToken);
    const hash = hashToken(refreshToken);
    const sessionId = await this.sessions.spendToken(claims.jti, hash);
    if (!sessionId) {
      const seen = await this.sessions.spent(claims.jti, hash);
      if (!seen || seen.ageSeconds === null) throw AuthError.invalidToken();
      // Two refreshes of one token within REFRESH_REUSE_GRACE_MS are a client racing itself (two tabs, a
      // retry), not a stolen token: the loser gets 401 but the session survives. Later re-use revokes it all.
      if (seen.ageSeconds * 1000 <= this.config.env.REFRESH_REUSE_GRACE_MS) throw AuthError.refreshRaced();
      await this.revoke(seen.sessionId, 'refresh_token_reuse');
      throw AuthError.refreshReused();
    }
    const userId = await this.sessions.liveSessionUser(sessionId);
    const user = userId ? await this.users.findById(userId) : null;
    if (!user || !isActive(user)) throw AuthError.sessionRevoked();
    const pair = await this.tokens.issuePair(user.id, sessionId);
    await this.sessions.addToken({
      jti: pair.refreshJti,
      sessionId,
      tokenHash: hashToken(pair.refresh),
      expiresAt: pair.refreshExpiresAt,
    });
    await this.sessions.extend(sessionId, pair.refreshExpiresAt);
    return pair;
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.sessions.revoke(sessionId, reason);
    await this.live.sessionRevoked(sessionId);
  }

  async revokeAllForUser(userId: string, reason: string): Promise<void> {
    await this.sessions.revokeAllForUser(userId, reason);
    await this.live.userChanged(userId);
  }

  /**
   * Inside `manager`'s transaction (an admin's suspension revokes with the status change). The caches learn of it
   * only from `userChanged`, which the caller runs once the transaction is committed: told before, another
   * instance could read the old rows again and cache them.
   */
  revokeAllForUserWithin(manager: EntityManager, userId: string, reason: string): Promise<void> {
    return this.sessions.revokeAllForUser(userId, reason, manager);
  }

  /** After a committed change of the user's role or status, or of their sessions in a transaction. */
  userChanged(userId: string): Promise<void> {
    return this.live.userChanged(userId);
  }
}
