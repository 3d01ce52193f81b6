import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '../../database/query-rows.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';

/**
 * Consecutive failed password logins per identifier, counted whether or not an account exists, so a 423
 * reveals nothing. In the database, so the count is shared by every instance.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async assertNotLocked(identifier: string): Promise<void> {
    const rows: Array<{ wait: number }> = await queryRows(
      this.db,
      `SELECT EXTRACT(EPOCH FROM (locked_until - now()))::float AS wait FROM login_throttle WHERE identifier = $1 AND locked_until > now()`,
      [identifier],
    );
    if (rows.length) throw AuthError.locked(Math.ceil(rows[0].wait));
  }

  /** Counts a failure; returns the lock's seconds when this failure engaged it. */
  async recordFailure(identifier: string): Promise<number | null> {
    const { AUTH_LOCKOUT_THRESHOLD: threshold, AUTH_LOCKOUT_SECONDS: seconds } = this.config.env;
    const rows: Array<{ locked: boolean }> = await queryRows(
      this.db,
      `INSERT INTO login_throttle (identifier, failures, updated_at) VALUES ($1, 1, now())
       ON CONFLICT (identifier) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = now()
       RETURNING failures >= $2 AS locked`,
      [identifier, threshold],
    );
    if (!rows[0]?.locked) return null;
    await queryRows(
      this.db,
      `UPDATE login_throttle SET failures = 0, locked_until = now() + make_interval(secs => $2) WHERE identifier = $1`,
      [identifier, seconds],
    );
    return seconds;
  }

  async clear(identifier: string): Promise<void> {
    await queryRows(this.db, `DELETE FROM login_throttle WHERE identifier = $1`, [identifier]);
  }
}
