import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '../../database/query-rows.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';

export type CodePurpose = 'signup' | 'login' | 'password_reset' | 'email_add';
export type Channel = 'email' | 'sms';
export type VerificationType = 'otp' | 'link';

export interface IssuedCode {
  /** 6 digits, for `otp`. */
  code?: string;
  /** 256-bit token for `link`, confirmed by GET /api/v1/auth/verify/?token=… */
  linkToken?: string;
}

export interface ConsumedCode {
  id: string;
  purpose: CodePurpose;
  channel: Channel;
  destination: string;
  userId: string | null;
}

const MAX_ATTEMPTS = 5;

interface CodeRow {
  id: string;
  purpose: CodePurpose;
  channel: Channel;
  destination: string;
  user_id: string | null;
  code_hash: string | null;
  attempts: number;
  max_attempts: number;
}

/**
 * One-time codes and links: stored only as keyed hashes, single use, limited attempts, and only the newest
 * one per identifier and purpose is valid. Send limits are recorded per identifier whether or not an
 * account exists, so they answer alike for known and unknown identifiers.
 */
@Injectable()
export class VerificationCodeService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.key = createHmac('sha256', config.jwt.access).update('verification-codes').digest();
  }

  private hash(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('hex');
  }

  /** Enforces the resend cooldown and the hourly cap for an identifier, then records this send. */
  async reserveSend(destination: string, purpose: CodePurpose): Promise<void> {
    const env = this.config.env;
    const rows: Array<{ since_last: number | null; last_hour: number; oldest_age: number | null }> = await queryRows(
      this.db,
      `SELECT EXTRACT(EPOCH FROM (now() - max(sent_at) FILTER (WHERE purpose = $2)))::float AS since_last,
              count(*) FILTER (WHERE sent_at > now() - interval '1 hour')::int AS last_hour,
              EXTRACT(EPOCH FROM (now() - min(sent_at) FILTER (WHERE sent_at > now() - interval '1 hour')))::float AS oldest_age
         FROM code_sends WHERE destination = $1 AND sent_at > now() - interval '1 hour'`,
      [destination, purpose],
    );
    const { since_last, last_hour, oldest_age } = rows[0];
    if (since_last !== null && since_last < env.OTP_RESEND_SECONDS) {
      throw AuthError.resendTooSoon(Math.ceil(env.OTP_RESEND_SECONDS - since_last));
    }
    if (last_hour >= env.OTP_HOURLY_LIMIT) throw AuthError.tooManyCodes(Math.ceil(3600 - (oldest_age ?? 0)));
    await queryRows(this.db, `INSERT INTO code_sends (destination, purpose) VALUES ($1, $2)`, [destination, purpose]);
  }

  async issue(input: {
    purpose: CodePurpose;
    channel: Channel;
    destination: string;
    userId: string | null;
    type: VerificationType;
  }): Promise<IssuedCode> {
    const env = this.config.env;
    const issued: IssuedCode =
      input.type === 'otp'
        ? { code: String(randomInt(0, 1_000_000)).padStart(6, '0') }
        : { linkToken: randomBytes(32).toString('base64url') };
    const ttl = input.type === 'otp' ? env.OTP_TTL_SECONDS : env.LINK_TTL_SECONDS;
    await this.db.transaction(async (m) => {
      // Only the newest code for an identifier and purpose is valid.
      await queryRows(
        m,
        `UPDATE verification_codes SET consumed_at = now() WHERE destination = $1 AND purpose = $2 AND consumed_at IS NULL`,
        [input.destination, input.purpose],
      );
      await queryRows(
        m,
        `INSERT INTO verification_codes (purpose, channel, destination, user_id, code_hash, link_hash, max_attempts, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
        [
          input.purpose,
          input.channel,
          input.destination,
          input.userId,
          issued.code ? this.hash(issued.code) : null,
          issued.linkToken ? this.hash(issued.linkToken) : null,
          MAX_ATTEMPTS,
          ttl,
        ],
      );
    });
    return issued;
  }

  /** A 6-digit code, or the token of a link sent to the same identifier (e.g. pasted from a reset link). */
  consume(purposes: CodePurpose[], destination: string, codeOrToken: string): Promise<ConsumedCode> {
    const value = codeOrToken.trim();
    if (/^\d{6}$/.test(value)) return this.consumeCode(purposes, destination, value);
    if (/^[A-Za-z0-9_-]{40,64}$/.test(value)) return this.consumeLink(value, purposes, destination);
    return Promise.reject(AuthError.invalidCode(0));
  }

  /**
   * Checks a code for an identifier. Every check first reserves one attempt with a conditional UPDATE, so a
   * burst of parallel guesses gets no more checks than the limit; a right code is then consumed exactly once.
   */
  private async consumeCode(purposes: CodePurpose[], destination: string, code: string): Promise<ConsumedCode> {
    const rows: Array<{ id: string }> = await queryRows(
      this.db,
      `SELECT id FROM verification_codes
        WHERE destination = $1 AND purpose = ANY($2) AND consumed_at IS NULL AND expires_at > now() AND code_hash IS NOT NULL
        ORDER BY created_at DESC LIMIT 1`,
      [destination, purposes],
    );
    if (!rows.length) throw AuthError.invalidCode(0);
    const reserved: CodeRow[] = await queryRows(
      this.db,
      `UPDATE verification_codes SET attempts = attempts + 1
        WHERE id = $1 AND consumed_at IS NULL AND expires_at > now() AND attempts < max_attempts
        RETURNING id, purpose, channel, destination, user_id, code_hash, attempts, max_attempts`,
      [rows[0].id],
    );
    const row = reserved[0];
    if (!row) throw AuthError.invalidCode(0);
    const expected = Buffer.from(row.code_hash!, 'hex');
    const given = Buffer.from(this.hash(code.trim()), 'hex');
    if (!timingSafeEqual(expected, given)) throw AuthError.invalidCode(Math.max(0, row.max_attempts - row.attempts));
    const won: Array<{ id: string }> = await queryRows(
      this.db,
      `UPDATE verification_codes SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL RETURNING id`,
      [row.id],
    );
    if (!won.length) throw AuthError.invalidCode(0);
    return {
      id: row.id,
      purpose: row.purpose,
      channel: row.channel,
      destination: row.destination,
      userId: row.user_id,
    };
  }

  async consumeLink(token: string, purposes: CodePurpose[], destination?: string): Promise<ConsumedCode> {
    const won: CodeRow[] = await queryRows(
      this.db,
      `UPDATE verification_codes SET consumed_at = now()
        WHERE link_hash = $1 AND purpose = ANY($2) AND ($3::text IS NULL OR destination = $3)
          AND consumed_at IS NULL AND expires_at > now()
        RETURNING id, purpose, channel, destination, user_id`,
      [this.hash(token), purposes, destination ?? null],
    );
    if (!won.length) throw destination ? AuthError.invalidCode(0) : AuthError.invalidLink();
    const row = won[0];
    return {
      id: row.id,
      purpose: row.purpose,
      channel: row.channel,
      destination: row.destination,
      userId: row.user_id,
    };
  }
}
