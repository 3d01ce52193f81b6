import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlockchainService } from '../../blockchain/blockchain.service.js';
import type { PartnerPrincipal } from '../../common/security/index.js';
import { AppConfig } from '../../config/index.js';
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
import { PartnerChallengesRepository, type ReservedAttempt } from './partner-challenges.repository.js';

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
    // Only for transaction boundaries (a passcode challenge commits with its outbox message); every statement is the repository's.
    @InjectDataSource() private readonly db: DataSource,
    private readonly challenges: PartnerChallengesRepository,
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
    const recent = await this.challenges.recentPasscodes(user.id);
    if (recent.count >= PASSCODES_PER_USER_PER_HOUR) {
      throw PartnerError.tooManyPasscodes(Math.max(1, Math.ceil(3600 - (recent.oldestAgeSeconds ?? 0))));
    }
    const length = req.length ?? PASSCODE_LENGTH.default;
    const attempts = req.attempts ?? PASSCODE_ATTEMPTS.default;
    const code = String(randomInt(0, 10 ** length)).padStart(length, '0');
    const challengeId = `chl_${randomBytes(32).toString('base64url')}`;
    const rowId = randomUUID();
    // The challenge and its passcode message are written together: the reply never waits for SMTP or SMS,
    // and a challenge never exists without its message on the way.
    const expiresAt = await this.db.transaction(async (m) => {
      const expires = await this.challenges.insert(
        {
          id: rowId,
          challengeHash: ChallengesService.hashChallengeId(challengeId),
          partnerId: partner.partnerId,
          userId: user.id,
          method: 'passcode',
          delivery,
          codeLength: length,
          codeHash: this.hashCode(rowId, code).toString('hex'),
          maxAttempts: attempts,
          ttlSeconds: CHALLENGE_TTL_SECONDS,
        },
        m,
      );
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
    const expiresAt = await this.challenges.insert({
      challengeHash: ChallengesService.hashChallengeId(challengeId),
      partnerId: partner.partnerId,
      userId: user.id,
      method: 'signature',
      nonce,
      maxAttempts: SIGNATURE_ATTEMPTS,
      ttlSeconds: CHALLENGE_TTL_SECONDS,
    });
    return {
      challengeId,
      method: 'signature',
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      validation: { nonce },
    };
  }

  /** A challenge of another partner answers exactly like one that does not exist. */
  async validate(partner: PartnerPrincipal, challengeId: string, response: string): Promise<{ handleId: string }> {
    if (!CHALLENGE_ID.test(challengeId)) throw PartnerError.challengeNotFound();
    const hash = ChallengesService.hashChallengeId(challengeId);
    const attempt = await this.challenges.reserveAttempt(hash, partner.partnerId);
    if (!attempt) throw await this.whyRefused(hash, partner.partnerId);
    if (!(await this.isRight(attempt, response.trim()))) {
      throw PartnerError.wrongResponse(attempt.maxAttempts - attempt.attempts);
    }
    if (!(await this.challenges.markVerified(attempt.id))) throw PartnerError.challengeUsed();
    const user = await this.users.getById(attempt.userId);
    if (user.status === 'suspended' || user.status === 'deactivated') throw PartnerError.handleInactive(user.status);
    await this.verified.record(partner.partnerId, user.id, attempt.method);
    return { handleId: user.handle };
  }

  private async whyRefused(hash: string, partnerId: string) {
    const state = await this.challenges.state(hash, partnerId);
    if (!state) return PartnerError.challengeNotFound();
    if (state.verified) return PartnerError.challengeUsed();
    if (state.expired) return PartnerError.challengeExpired();
    return PartnerError.challengeExhausted();
  }

  private async isRight(attempt: ReservedAttempt, response: string): Promise<boolean> {
    if (attempt.method === 'passcode') {
      const expected = Buffer.from(attempt.codeHash!, 'hex');
      return timingSafeEqual(expected, this.hashCode(attempt.id, response));
    }
    // EIP-191 personal_sign of the nonce string, by any wallet linked to the user now.
    const wallets = await this.users.listWallets(attempt.userId);
    for (const wallet of wallets) {
      if (
        await this.blockchain.verifyMessage({ address: wallet.address, message: attempt.nonce!, signature: response })
      )
        return true;
    }
    return false;
  }
}
