import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { queryRows } from '../../database/query-rows.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { clientKey } from '../../common/rate-limit/client-key.js';
import { AppConfig } from '../../config/index.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { AuthError } from '../auth.errors.js';
import type { CodeMessage } from './code-messages.js';

export type CodePurpose = 'signup' | 'login' | 'password_reset' | 'email_add';
export type Channel = 'email' | 'sms';
export type VerificationType = 'otp' | 'link';

export interface IssuedCode {
  /** 6 digits, for `otp`. */
  code?: string;
  /** 256-bit token for `link`: the page at /api/v1/auth/verify/?token=… confirms it with a POST. */
  linkToken?: string;
}

/** What a client asked for; `userId` when the request itself knows the account (sign-up, added e-mail). */
export interface SendRequest {
  destination: string;
  purpose: CodePurpose;
  channel: Channel;
  type: VerificationType;
  userId: string | null;
}

export interface QueuedRequest extends SendRequest {
  id: string;
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
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {
    this.key = createHmac('sha256', config.codeHashSecret).update('verification-codes').digest();
  }

  private hash(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('hex');
  }

  /**
   * Enforces this client's resend cooldown and hourly cap for an identifier. Keyed by client address (an
   * IPv6 client by its /64, as the rate limits), so requests from someone else never use up the owner's
   * allowance; what reaches the identifier from all clients is capped separately (`issue`).
   */
  async allow(destination: string, purpose: CodePurpose, clientIp: string | undefined): Promise<void> {
    const env = this.config.env;
    const rows: Array<{ since_last: number | null; last_hour: number; oldest_age: number | null }> = await queryRows(
      this.db,
      `SELECT EXTRACT(EPOCH FROM (now() - max(sent_at) FILTER (WHERE purpose = $2)))::float AS since_last,
              count(*)::int AS last_hour,
              EXTRACT(EPOCH FROM (now() - min(sent_at)))::float AS oldest_age
         FROM code_sends WHERE destination = $1 AND client_key = $3 AND sent_at > now() - interval '1 hour'`,
      [destination, purpose, clientKey(clientIp)],
    );
    const { since_last, last_hour, oldest_age } = rows[0];
    if (since_last !== null && since_last < env.OTP_RESEND_SECONDS) {
      throw AuthError.resendTooSoon(Math.ceil(env.OTP_RESEND_SECONDS - since_last));
    }
    if (last_hour >= env.OTP_HOURLY_LIMIT) throw AuthError.tooManyCodes(Math.ceil(3600 - (oldest_age ?? 0)));
  }

  /**
   * Queues a send request: the request's only write, the same for an identifier with an account and one
   * without, so the two answer alike in time too. The dispatcher decides afterwards who gets a code.
   */
  async request(input: SendRequest & { clientIp: string | undefined }): Promise<void> {
    await queryRows(
      this.db,
      `INSERT INTO code_sends (destination, purpose, channel, link, user_id, client_key) VALUES ($1, $2, $3, $4, $5, $6)`,
      [input.destination, input.purpose, input.channel, input.type === 'link', input.userId, clientKey(input.clientIp)],
    );
  }

  /**
   * Takes the oldest request no worker holds, for `leaseSeconds`: one statement, so the worker can look the
   * account up before it opens the transaction that issues the code (the embedded database runs one
   * transaction at a time, and a lookup from inside one would wait for it). A worker that dies mid-way loses
   * its lease and the request is handled later.
   */
  async claimRequest(leaseSeconds: number): Promise<QueuedRequest | null> {
    const rows = await queryRows<{
      id: string;
      destination: string;
      purpose: CodePurpose;
      channel: Channel;
      link: boolean;
      user_id: string | null;
    }>(
      this.db,
      `UPDATE code_sends SET claimed_until = now() + make_interval(secs => $1)
        WHERE id = (SELECT id FROM code_sends
                     WHERE processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, destination, purpose, channel, link, user_id`,
      [leaseSeconds],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      destination: row.destination,
      purpose: row.purpose,
      channel: row.channel,
      type: row.link ? 'link' : 'otp',
      userId: row.user_id,
    };
  }

  /** The request is done: a message went out for it, or there was nobody (or no allowance) to send to. */
  async finish(m: EntityManager, requestId: string, delivered: boolean): Promise<void> {
    await queryRows(
      m,
      `UPDATE code_sends SET processed_at = now(), claimed_until = NULL, delivered = $2 WHERE id = $1`,
      [requestId, delivered],
    );
  }

  /**
   * Issues a code (or link) for a request and writes its message to the outbox, in the dispatcher's
   * transaction, unless the identifier already received OTP_DELIVERY_HOURLY_LIMIT messages this hour: then
   * nothing is sent (the cap protects an inbox or a phone bill, and the reply said nothing either way).
   * Returns whether a message was written.
   */
  async issue(
    m: EntityManager,
    request: QueuedRequest,
    purpose: CodePurpose,
    userId: string,
    message: (issued: IssuedCode, ttlSeconds: number) => CodeMessage,
  ): Promise<boolean> {
    const env = this.config.env;
    const [{ delivered }] = await queryRows<{ delivered: number }>(
      m,
      `SELECT count(*)::int AS delivered FROM code_sends
        WHERE destination = $1 AND delivered AND sent_at > now() - interval '1 hour'`,
      [request.destination],
    );
    if (delivered >= env.OTP_DELIVERY_HOURLY_LIMIT) return false;
    const issued: IssuedCode =
      request.type === 'otp'
        ? { code: String(randomInt(0, 1_000_000)).padStart(6, '0') }
        : { linkToken: randomBytes(32).toString('base64url') };
    const ttl = request.type === 'otp' ? env.OTP_TTL_SECONDS : env.LINK_TTL_SECONDS;
    // Only the newest code for an identifier and purpose is valid.
    await queryRows(
      m,
      `UPDATE verification_codes SET consumed_at = now() WHERE destination = $1 AND purpose = $2 AND consumed_at IS NULL`,
      [request.destination, purpose],
    );
    const [code] = await queryRows<{ expires_at: Date }>(
      m,
      `INSERT INTO verification_codes (purpose, channel, destination, user_id, code_hash, link_hash, max_attempts, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))
       RETURNING expires_at`,
      [
        purpose,
        request.channel,
        request.destination,
        userId,
        issued.code ? this.hash(issued.code) : null,
        issued.linkToken ? this.hash(issued.linkToken) : null,
        MAX_ATTEMPTS,
        ttl,
      ],
    );
    const text = message(issued, ttl);
    await this.notifications.queue(
      {
        channel: request.channel,
        purpose: text.purpose,
        destination: request.destination,
        subject: request.channel === 'email' ? text.subject : undefined,
        body: text.body,
        expiresAt: new Date(code.expires_at),
      },
      m,
    );
    return true;
  }

  /** Every code still open for an identifier stops working (its claim on the identifier was released). */
  async revokeOpen(destination: string, userId: string): Promise<void> {
    await queryRows(
      this.db,
      `UPDATE verification_codes SET consumed_at = now() WHERE destination = $1 AND user_id = $2 AND consumed_at IS NULL`,
      [destination, userId],
    );
  }

  /** What a link is for, without spending it (the confirmation page); null when it cannot be used. */
  async peekLink(token: string): Promise<{ purpose: CodePurpose; destination: string } | null> {
    const rows = await queryRows<{ purpose: CodePurpose; destination: string }>(
      this.db,
      `SELECT purpose, destination FROM verification_codes
        WHERE link_hash = $1 AND consumed_at IS NULL AND expires_at > now()`,
      [this.hash(token)],
    );
    return rows[0] ?? null;
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
