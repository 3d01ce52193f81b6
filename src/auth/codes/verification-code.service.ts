import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { clientKey } from '../../common/rate-limit/client-key.js';
import { AppConfig } from '../../config/index.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { AuthError } from '../auth.errors.js';
import type { CodeMessage } from './code-messages.js';
import { CodeSendsRepository } from './code-sends.repository.js';
import { VerificationCodesRepository } from './verification-codes.repository.js';

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

/**
 * One-time codes and links: stored only as keyed hashes, single use, limited attempts, and only the newest
 * one per identifier and purpose is valid. Send limits are recorded per identifier whether or not an
 * account exists, so they answer alike for known and unknown identifiers.
 */
@Injectable()
export class VerificationCodeService {
  private readonly key: Buffer;

  constructor(
    private readonly sends: CodeSendsRepository,
    private readonly codes: VerificationCodesRepository,
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
    const { sinceLast, lastHour, oldestAge } = await this.sends.recentFromClient(
      destination,
      purpose,
      clientKey(clientIp),
    );
    if (sinceLast !== null && sinceLast < env.OTP_RESEND_SECONDS) {
      throw AuthError.resendTooSoon(Math.ceil(env.OTP_RESEND_SECONDS - sinceLast));
    }
    if (lastHour >= env.OTP_HOURLY_LIMIT) throw AuthError.tooManyCodes(Math.ceil(3600 - (oldestAge ?? 0)));
  }

  /**
   * Queues a send request: the request's only write, the same for an identifier with an account and one
   * without, so the two answer alike in time too. The dispatcher decides afterwards who gets a code.
   */
  async request(input: SendRequest & { clientIp: string | undefined }): Promise<void> {
    await this.sends.insert({
      destination: input.destination,
      purpose: input.purpose,
      channel: input.channel,
      link: input.type === 'link',
      userId: input.userId,
      clientKey: clientKey(input.clientIp),
    });
  }

  /**
   * Takes the oldest request no worker holds, for `leaseSeconds`: one statement, so the worker can look the
   * account up before it opens the transaction that issues the code (the embedded database runs one
   * transaction at a time, and a lookup from inside one would wait for it). A worker that dies mid-way loses
   * its lease and the request is handled later.
   */
  async claimRequest(leaseSeconds: number): Promise<QueuedRequest | null> {
    const row = await this.sends.claim(leaseSeconds);
    if (!row) return null;
    return {
      id: row.id,
      destination: row.destination,
      purpose: row.purpose as CodePurpose,
      channel: row.channel!,
      type: row.link ? 'link' : 'otp',
      userId: row.userId,
    };
  }

  /** The request is done: a message went out for it, or there was nobody (or no allowance) to send to. */
  async finish(m: EntityManager, requestId: string, delivered: boolean): Promise<void> {
    await this.sends.finish(m, requestId, delivered);
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
    const delivered = await this.sends.deliveredLastHour(m, request.destination);
    if (delivered >= env.OTP_DELIVERY_HOURLY_LIMIT) return false;
    const issued: IssuedCode =
      request.type === 'otp'
        ? { code: String(randomInt(0, 1_000_000)).padStart(6, '0') }
        : { linkToken: randomBytes(32).toString('base64url') };
    const ttl = request.type === 'otp' ? env.OTP_TTL_SECONDS : env.LINK_TTL_SECONDS;
    // Only the newest code for an identifier and purpose is valid.
    await this.codes.consumeOpen(m, request.destination, purpose);
    const expiresAt = await this.codes.insert(m, {
      purpose,
      channel: request.channel,
      destination: request.destination,
      userId,
      codeHash: issued.code ? this.hash(issued.code) : null,
      linkHash: issued.linkToken ? this.hash(issued.linkToken) : null,
      maxAttempts: MAX_ATTEMPTS,
      ttlSeconds: ttl,
    });
    const text = message(issued, ttl);
    await this.notifications.queue(
      {
        channel: request.channel,
        purpose: text.purpose,
        destination: request.destination,
        subject: request.channel === 'email' ? text.subject : undefined,
        body: text.body,
        expiresAt,
      },
      m,
    );
    return true;
  }

  /** Every code still open for an identifier stops working (its claim on the identifier was released). */
  async revokeOpen(destination: string, userId: string): Promise<void> {
    await this.codes.consumeOpenOf(destination, userId);
  }

  /** What a link is for, without spending it (the confirmation page); null when it cannot be used. */
  async peekLink(token: string): Promise<{ purpose: CodePurpose; destination: string } | null> {
    const row = await this.codes.findLiveLink(this.hash(token));
    return row ? { purpose: row.purpose, destination: row.destination } : null;
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
    const id = await this.codes.newestLiveCodeId(destination, purposes);
    if (!id) throw AuthError.invalidCode(0);
    const row = await this.codes.reserveAttempt(id);
    if (!row) throw AuthError.invalidCode(0);
    const expected = Buffer.from(row.codeHash!, 'hex');
    const given = Buffer.from(this.hash(code.trim()), 'hex');
    if (!timingSafeEqual(expected, given)) throw AuthError.invalidCode(Math.max(0, row.maxAttempts - row.attempts));
    if (!(await this.codes.consume(row.id))) throw AuthError.invalidCode(0);
    return {
      id: row.id,
      purpose: row.purpose,
      channel: row.channel,
      destination: row.destination,
      userId: row.userId,
    };
  }

  async consumeLink(token: string, purposes: CodePurpose[], destination?: string): Promise<ConsumedCode> {
    const row = await this.codes.consumeLink(this.hash(token), purposes, destination);
    if (!row) throw destination ? AuthError.invalidCode(0) : AuthError.invalidLink();
    return {
      id: row.id,
      purpose: row.purpose,
      channel: row.channel,
      destination: row.destination,
      userId: row.userId,
    };
  }
}
