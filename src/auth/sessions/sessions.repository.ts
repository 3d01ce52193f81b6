import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import type { Role } from '../../common/security/index.js';
import { returnedEntities } from '../../database/returned-rows.js';
import { Sql } from '../../database/sql.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { Session } from '../entities/session.entity.js';

export type NewSession = Pick<Session, 'id' | 'userId' | 'expiresAt' | 'ip' | 'userAgent'>;
export type NewRefreshToken = Pick<RefreshToken, 'jti' | 'sessionId' | 'tokenHash' | 'expiresAt'>;

/** What every authenticated request learns about its session and user. */
export interface SessionCheck {
  role: Role;
  status: string;
  revoked: boolean;
  expiresAt: Date;
}

/** A refresh token that was already spent: its session, and seconds since it was spent (null: never). */
export interface SpentToken {
  sessionId: string;
  ageSeconds: number | null;
}

/**
 * The sessions and refresh_tokens tables. Liveness and single use are judged by the database's now(), so every
 * instance agrees on them.
 */
@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    private readonly sql: Sql,
  ) {}

  /** The session with its first refresh token, both or neither. */
  start(session: NewSession, token: NewRefreshToken): Promise<void> {
    return this.sessions.manager.transaction(async (m) => {
      await m.getRepository(Session).createQueryBuilder().insert().values(session).updateEntity(false).execute();
      await m.getRepository(RefreshToken).createQueryBuilder().insert().values(token).updateEntity(false).execute();
    });
  }

  async check(sessionId: string, userId: string): Promise<SessionCheck | null> {
    // Benchmarked hot read (bench/RESULTS.md, every authenticated route); reads users.status in the same
    // statement instead of a second round trip — a stated exception to table ownership, see README Architecture.
    const rows = await this.sql.rows<SessionCheck>(
      `SELECT u.role, u.status, (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS revoked,
              s.expires_at AS "expiresAt"
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
      'session-check',
    );
    return rows[0] ?? null;
  }

  /**
   * Spends a live refresh token: one conditional UPDATE … RETURNING, so of any number of concurrent refreshes
   * of one token exactly one gets its session id back.
   */
  async spendToken(jti: string, tokenHash: string): Promise<string | null> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where({ jti, tokenHash, usedAt: IsNull() })
      .andWhere('expires_at > now()')
      .returning(['sessionId'])
      .execute();
    const [row] = returnedEntities(this.tokens, result.raw);
    return row ? row.sessionId : null;
  }

  async spent(jti: string, tokenHash: string): Promise<SpentToken | null> {
    const row = await this.tokens
      .createQueryBuilder('t')
      .select('t.sessionId', 'sessionId')
      .addSelect('EXTRACT(EPOCH FROM (now() - t.usedAt))::float', 'ageSeconds')
      .where({ jti, tokenHash })
      .getRawOne<SpentToken>();
    return row ?? null;
  }

  /** The user of a session that is neither revoked nor expired; null otherwise. */
  async liveSessionUser(sessionId: string): Promise<string | null> {
    const row = await this.sessions
      .createQueryBuilder('s')
      .select('s.userId', 'userId')
      .where({ id: sessionId, revokedAt: IsNull() })
      .andWhere('s.expiresAt > now()')
      .getRawOne<{ userId: string }>();
    return row?.userId ?? null;
  }

  async addToken(token: NewRefreshToken): Promise<void> {
    await this.tokens.createQueryBuilder().insert().values(token).updateEntity(false).execute();
  }

  async extend(sessionId: string, expiresAt: Date): Promise<void> {
    await this.sessions.update({ id: sessionId }, { expiresAt });
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.sessions.update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: () => 'now()', revokedReason: reason },
    );
  }

  /** With `manager`, inside that transaction. */
  async revokeAllForUser(userId: string, reason: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(Session) : this.sessions;
    await repo.update({ userId, revokedAt: IsNull() }, { revokedAt: () => 'now()', revokedReason: reason });
  }
}
