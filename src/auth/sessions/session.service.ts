import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { queryRows } from '../../database/query-rows.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Sql } from '../../database/sql.js';
import type { Role } from '../../common/security/index.js';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';
import { hashToken, TokenService, type TokenClaims, type TokenPair } from '../tokens/token.service.js';

export interface SessionUser {
  userId: string;
  role: Role;
  status: string;
}

/**
 * Sessions live in the database, so a logout or revocation on one instance holds on every instance at once;
 * nothing about a session's validity is cached.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sql: Sql,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  async start(userId: string, meta: { ip?: string; userAgent?: string } = {}): Promise<TokenPair> {
    const sessionId = randomUUID();
    const pair = await this.tokens.issuePair(userId, sessionId);
    await this.db.transaction(async (m) => {
      await queryRows(m, `INSERT INTO sessions (id, user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5)`, [
        sessionId,
        userId,
        pair.refreshExpiresAt,
        meta.ip ?? null,
        meta.userAgent?.slice(0, 300) ?? null,
      ]);
      await queryRows(
        m,
        `INSERT INTO refresh_tokens (jti, session_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
        [pair.refreshJti, sessionId, hashToken(pair.refresh), pair.refreshExpiresAt],
      );
    });
    return pair;
  }

  /** The session behind an access token must be live and its user allowed in. */
  async validate(claims: TokenClaims): Promise<SessionUser> {
    const rows = await this.sql.rows<{ role: Role; status: string; revoked: boolean }>(
      `SELECT u.role, u.status, (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS revoked
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [claims.sid, claims.sub],
      'session-check',
    );
    const row = rows[0];
    if (!row || row.revoked) throw AuthError.sessionRevoked();
    if (row.status === 'suspended' || row.status === 'deactivated') throw AuthError.inactive();
    return { userId: claims.sub, role: row.role, status: row.status };
  }

  /** Single use, rotating. Exactly one of any number of concurrent refreshes of one token wins. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = await this.tokens.verifyRefresh(refreshToken);
    const hash = hashToken(refreshToken);
    const won: Array<{ session_id: string }> = await queryRows(
      this.db,
      `UPDATE refresh_tokens SET used_at = now()
        WHERE jti = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING session_id`,
      [claims.jti, hash],
    );
    if (!won.length) {
      const seen: Array<{ session_id: string; age: number | null }> = await queryRows(
        this.db,
        `SELECT session_id, EXTRACT(EPOCH FROM (now() - used_at))::float AS age FROM refresh_tokens WHERE jti = $1 AND token_hash = $2`,
        [claims.jti, hash],
      );
      if (!seen.length || seen[0].age === null) throw AuthError.invalidToken();
      // Two refreshes of one token within REFRESH_REUSE_GRACE_MS are a client racing itself (two tabs, a
      // retry), not a stolen token: the loser gets 401 but the session survives. Later re-use revokes it all.
      if (seen[0].age * 1000 <= this.config.env.REFRESH_REUSE_GRACE_MS) throw AuthError.refreshRaced();
      await this.revoke(seen[0].session_id, 'refresh_token_reuse');
      throw AuthError.refreshReused();
    }
    const sessionId = won[0].session_id;
    const live: Array<{ user_id: string }> = await queryRows(
      this.db,
      `SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status NOT IN ('suspended', 'deactivated')`,
      [sessionId],
    );
    if (!live.length) throw AuthError.sessionRevoked();
    const pair = await this.tokens.issuePair(live[0].user_id, sessionId);
    await queryRows(
      this.db,
      `INSERT INTO refresh_tokens (jti, session_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [pair.refreshJti, sessionId, hashToken(pair.refresh), pair.refreshExpiresAt],
    );
    await queryRows(this.db, `UPDATE sessions SET expires_at = $2 WHERE id = $1`, [sessionId, pair.refreshExpiresAt]);
    return pair;
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await queryRows(
      this.db,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }

  /** With `manager`, inside that transaction (an admin's suspension revokes with the status change). */
  async revokeAllForUser(userId: string, reason: string, manager?: EntityManager): Promise<void> {
    await queryRows(
      manager ?? this.db,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }
}
