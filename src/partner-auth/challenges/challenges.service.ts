import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlockchainService } from '../../blockchain/blockchain.service.js';
import type { PartnerPrincipal } from '../../common/security/index.js';
import { AppConfig } from '../../config/index.js';
import { queryRows } from '../../database/query-rows.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import type { User } from '../../users/entities/user.entity.js';
import { UsersService } from '../../users/users.service.js';
import { PartnerError } from '../partner-auth.errors.js';
import { PartnerClientsService } from '../partner-clients.service.js';
import { VerifiedHandlesService, type ChallengeMethod } from '../verified-handles.service.js';
import {
  CHALLENGE_ID,
  CHALLENGE_TTL_SECONDS,
  PASSCODE_ATTEMPTS,
  PASSCODE_LENGTH,
  PASSCODES_PER_USER_PER_HOUR,
  SIGNATURE_ATTEMPTS,
  type Delivery,
} from './challenge-rules.js';
import { passcodeMessage } from './passcode-message.js';

export interface ChallengeRequest {
  method: ChallengeMethod;
  delivery?: Delivery;
  length?: number;
  attempts?: number;
}

export type Validation = { length: number; attempts: number; delivery: Delivery } | { nonce: string };

export interface IssuedChallenge {
  challengeId: string;
  method: ChallengeMethod;
  expiresAt: number;
  validation: Validation;
}

interface ReservedAttempt {
  id: string;
  user_id: string;
  method: ChallengeMethod;
  code_hash: string | null;
  nonce: string | null;
  attempts: number;
  max_attempts: number;
}

const HANDLE = /^\d{11}$/;

/**
 * Ownership challenges (seed 004): a passcode sent out of band to the user's verified phone or e-mail, or a
 * nonce to be signed by a linked wallet. Challenge ids and passcodes are stored only as hashes; every attempt
 * is reserved by one conditional UPDATE before the answer is checked, so parallel guesses cannot exceed the
 * limit and exactly one right answer wins.
 */
@Injectable()
export class ChallengesService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly blockchain: BlockchainService,
    private readonly verified: VerifiedHandlesService,
    private readonly clients: PartnerClientsService,
    config: AppConfig,
  ) {
    this.key = createHmac('sha256', config.codeHashSecret).update('partner-passcodes').digest();
  }

  private hashCode(challengeRowId: string, code: string): Buffer {
    // Keyed and bound to the challenge, so equal passcodes of two challenges do not hash alike.
    return createHmac('sha256', this.key).update(`${challengeRowId}:${code}`).digest();
  }

  private static hashChallengeId(challengeId: string): string {
    return createHash('sha256').update(challengeId).digest('hex');
  }

  /** Unknown or malformed handles are 404 alike: a malformed one cannot name anybody. */
  async findUser(handle: string): Promise<User> {
    const user = HANDLE.test(handle) ? await this.users.findByHandle(handle) : null;
    if (!user) throw PartnerError.handleNotFound();
    return user;
  }

  async methodsFor(user: User): Promise<ChallengeMethod[]> {
    if (user.status === 'suspended' || user.status === 'deactivated') return [];
    const methods: ChallengeMethod[] = [];
    if (this.deliveries(user).length) methods.push('passcode');
    if ((await this.users.listWallets(user.id)).length) methods.push('signature');
    return methods;
  }

  private deliveries(user: User): Delivery[] {
    const out: Delivery[] = [];
    if (user.phone && user.phoneVerifiedAt) out.push('sms');
    if (user.email && user.emailVerifiedAt) out.push('email');
    return out;
  }

  async create(partner: PartnerPrincipal, handle: string, req: ChallengeRequest): Promise<IssuedChallenge> {
    const user = await this.findUser(handle);
    if (user.status === 'suspended' || user.status === 'deactivated') throw PartnerError.handleInactive(user.status);
    // A verified handle lets a partner submit ratings and transactions about it: an admin's own client must
    // not be able to vouch for that admin.
    if ((await this.clients.creatorOf(partner.partnerId)) === user.id) throw PartnerError.ownHandle();
    return req.method === 'signature' ? this.createSignature(partner, user) : this.createPasscode(partner, user, req);
  }

  private async createPasscode(partner: PartnerPrincipal, user: User, req: ChallengeRequest): Promise<IssuedChallenge> {
    const available = this.deliveries(user);
    if (!available.length) throw PartnerError.methodUnavailable('passcode');
    const delivery = req.delivery ?? available[0];
    // `otp` (an authenticator app) is part of the seed's vocabulary, but no user can enrol one here yet.
    if (!available.includes(delivery)) throw PartnerError.deliveryUnavailable(delivery);
    const recent = await queryRows<{ n: number; oldest_age: number | null }>(
      this.db,
      `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM (now() - min(created_at)))::float AS oldest_age
         FROM partner_challenges
        WHERE user_id = $1 AND method = 'passcode' AND created_at > now() - interval '1 hour'`,
      [user.id],
    );
    if (recent[0].n >= PASSCODES_PER_USER_PER_HOUR) {
      throw PartnerError.tooManyPasscodes(Math.max(1, Math.ceil(3600 - (recent[0].oldest_age ?? 0))));
    }
    const length = req.length ?? PASSCODE_LENGTH.default;
    const attempts = req.attempts ?? PASSCODE_ATTEMPTS.default;
    const code = String(randomInt(0, 10 ** length)).padStart(length, '0');
    const challengeId = `chl_${randomBytes(32).toString('base64url')}`;
    const rowId = randomUUID();
    // The challenge and its passcode message are written together: the reply never waits for SMTP or SMS,
    // and a challenge never exists without its message on the way.
    const expiresAt = await this.db.transaction(async (m) => {
      const [row] = await queryRows<{ expires_at: Date }>(
        m,
        `INSERT INTO partner_challenges
           (id, challenge_hash, partner_id, user_id, method, delivery, code_length, code_hash, max_attempts, expires_at)
         VALUES ($1, $2, $3, $4, 'passcode', $5, $6, $7, $8, now() + make_interval(secs => $9))
         RETURNING expires_at`,
        [
          rowId,
          ChallengesService.hashChallengeId(challengeId),
          partner.partnerId,
          user.id,
          delivery,
          length,
          this.hashCode(rowId, code).toString('hex'),
          attempts,
          CHALLENGE_TTL_SECONDS,
        ],
      );
      const expires = new Date(row.expires_at);
      await this.notifications.queue({ ...passcodeMessage(user, delivery, code, partner.name), expiresAt: expires }, m);
      return expires;
    });
    this.notifications.dispatch();
    return {
      challengeId,
      method: 'passcode',
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      validation: { length, attempts, delivery },
    };
  }

  private async createSignature(partner: PartnerPrincipal, user: User): Promise<IssuedChallenge> {
    if (!(await this.users.listWallets(user.id)).length) throw PartnerError.methodUnavailable('signature');
    const nonce = randomBytes(32).toString('base64');
    const challengeId = `chl_${randomBytes(32).toString('base64url')}`;
    const rows = await queryRows<{ expires_at: Date }>(
      this.db,
      `INSERT INTO partner_challenges (challenge_hash, partner_id, user_id, method, nonce, max_attempts, expires_at)
       VALUES ($1, $2, $3, 'signature', $4, $5, now() + make_interval(secs => $6))
       RETURNING expires_at`,
      [
        ChallengesService.hashChallengeId(challengeId),
        partner.partnerId,
        user.id,
        nonce,
        SIGNATURE_ATTEMPTS,
        CHALLENGE_TTL_SECONDS,
      ],
    );
    return {
      challengeId,
      method: 'signature',
      expiresAt: Math.floor(new Date(rows[0].expires_at).getTime() / 1000),
      validation: { nonce },
    };
  }

  /** A challenge of another partner answers exactly like one that does not exist. */
  async validate(partner: PartnerPrincipal, challengeId: string, response: string): Promise<{ handleId: string }> {
    if (!CHALLENGE_ID.test(challengeId)) throw PartnerError.challengeNotFound();
    const hash = ChallengesService.hashChallengeId(challengeId);
    const reserved = await queryRows<ReservedAttempt>(
      this.db,
      `UPDATE partner_challenges SET attempts = attempts + 1
        WHERE challenge_hash = $1 AND partner_id = $2
          AND verified_at IS NULL AND expires_at > now() AND attempts < max_attempts
        RETURNING id, user_id, method, code_hash, nonce, attempts, max_attempts`,
      [hash, partner.partnerId],
    );
    if (!reserved.length) throw await this.whyRefused(hash, partner.partnerId);
    const attempt = reserved[0];
    if (!(await this.isRight(attempt, response.trim()))) {
      throw PartnerError.wrongResponse(attempt.max_attempts - attempt.attempts);
    }
    const won = await queryRows<{ user_id: string }>(
      this.db,
      `UPDATE partner_challenges SET verified_at = now() WHERE id = $1 AND verified_at IS NULL RETURNING user_id`,
      [attempt.id],
    );
    if (!won.length) throw PartnerError.challengeUsed();
    const user = await this.users.getById(attempt.user_id);
    if (user.status === 'suspended' || user.status === 'deactivated') throw PartnerError.handleInactive(user.status);
    await this.verified.record(partner.partnerId, user.id, attempt.method);
    return { handleId: user.handle };
  }

  private async whyRefused(hash: string, partnerId: string) {
    const rows = await queryRows<{ verified: boolean; expired: boolean }>(
      this.db,
      `SELECT verified_at IS NOT NULL AS verified, expires_at <= now() AS expired
         FROM partner_challenges WHERE challenge_hash = $1 AND partner_id = $2`,
      [hash, partnerId],
    );
    if (!rows.length) return PartnerError.challengeNotFound();
    if (rows[0].verified) return PartnerError.challengeUsed();
    if (rows[0].expired) return PartnerError.challengeExpired();
    return PartnerError.challengeExhausted();
  }

  private async isRight(attempt: ReservedAttempt, response: string): Promise<boolean> {
    if (attempt.method === 'passcode') {
      const expected = Buffer.from(attempt.code_hash!, 'hex');
      return timingSafeEqual(expected, this.hashCode(attempt.id, response));
    }
    // EIP-191 personal_sign of the nonce string, by any wallet linked to the user now.
    const wallets = await this.users.listWallets(attempt.user_id);
    for (const wallet of wallets) {
      if (
        await this.blockchain.verifyMessage({ address: wallet.address, message: attempt.nonce!, signature: response })
      )
        return true;
    }
    return false;
  }
}
