import { Injectable } from '@nestjs/common';
import { AccountCreationLimit } from '../common/rate-limit/account-creation-limit.service.js';
import { AppConfig } from '../config/index.js';
import type { User } from '../users/entities/user.entity.js';
import { parseIdentifier, type Identifier } from '../users/index.js';
import { isActive, UsersService } from '../users/users.service.js';
import { AuthError } from './auth.errors.js';
import { CodeDispatcher } from './codes/code-dispatcher.js';
import {
  VerificationCodeService,
  type Channel,
  type CodePurpose,
  type ConsumedCode,
  type VerificationType,
} from './codes/verification-code.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { checkPassword } from '../common/password-policy/password-policy.js';
import { SessionService } from './sessions/session.service.js';
import { LoginThrottleService } from './throttle/login-throttle.service.js';
import type { TokenPair } from './tokens/token.service.js';
import { WalletAuthService, type WalletProof } from './wallet/wallet-auth.service.js';

export interface ClientMeta {
  ip?: string;
  userAgent?: string;
}

export interface SendOptions {
  identifier: string;
  method?: Channel;
  verification_type?: VerificationType;
}

const CHANNEL_OF: Record<Identifier['kind'], Channel> = { email: 'email', phone: 'sms' };

/** The sign-in flows of both seeds over one user store, one session system and one code system. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly codes: VerificationCodeService,
    private readonly throttle: LoginThrottleService,
    private readonly wallets: WalletAuthService,
    private readonly dispatcher: CodeDispatcher,
    private readonly config: AppConfig,
    private readonly accountCreation: AccountCreationLimit,
  ) {}

  identifier(raw: string, field = 'identifier'): Identifier {
    const id = parseIdentifier(raw);
    if (!id) throw AuthError.badIdentifier(field);
    return id;
  }

  private channelFor(id: Identifier, method?: Channel): Channel {
    const natural = CHANNEL_OF[id.kind];
    if (method && method !== natural) throw AuthError.methodMismatch(method);
    return natural;
  }

  private async assertPasswordPolicy(password: string, user: Partial<User>, requireComplexity = false, field?: string) {
    const problems = checkPassword(
      password,
      { email: user.email, phone: user.phone, firstName: user.firstName, lastName: user.lastName },
      { requireComplexity, field },
    );
    if (problems.length) throw AuthError.weakPassword(problems);
  }

  /**
   * Checks this client's allowance for the identifier and queues the request; the code dispatcher issues
   * the code and writes its message after the reply, if there is anyone to send it to. The reply does the
   * same work either way, so known and unknown identifiers answer alike in body, status and time.
   */
  private async sendCode(
    purpose: CodePurpose,
    id: Identifier,
    channel: Channel,
    type: VerificationType,
    userId: string | null,
    meta: ClientMeta,
  ): Promise<void> {
    await this.codes.allow(id.value, purpose, meta.ip);
    await this.queueCode(purpose, id, channel, type, userId, meta);
  }

  private async queueCode(
    purpose: CodePurpose,
    id: Identifier,
    channel: Channel,
    type: VerificationType,
    userId: string | null,
    meta: ClientMeta,
  ): Promise<void> {
    await this.codes.request({ destination: id.value, purpose, channel, type, userId, clientIp: meta.ip });
    this.dispatcher.wake();
  }

  // ---- sign-up and verification ----

  /** Seed 000's register: email and a password that also meets the upper/lower/digit/special rule. */
  async register(email: string, password: string, meta: ClientMeta): Promise<User> {
    const id = this.identifier(email, 'email');
    await this.assertPasswordPolicy(password, { email: id.value }, true);
    await this.users.assertClaimable(id);
    await this.codes.allow(id.value, 'signup', meta.ip);
    const user = await this.createAccount(id, password, meta);
    await this.queueCode('signup', id, 'email', 'otp', user.id, meta);
    return user;
  }

  async signup(input: SendOptions & { password: string }, meta: ClientMeta): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    await this.assertPasswordPolicy(input.password, id.kind === 'email' ? { email: id.value } : { phone: id.value });
    await this.users.assertClaimable(id);
    await this.codes.allow(id.value, 'signup', meta.ip);
    const user = await this.createAccount(id, input.password, meta);
    await this.queueCode('signup', id, channel, type, user.id, meta);
    return `${type} sent via ${channel}.`;
  }

  /**
   * An identifier someone verified is taken (409). One only claimed, never verified, never blocks a new
   * sign-up: the claim is released (with the codes sent for it) and whoever proves the address owns it.
   */
  private async createAccount(id: Identifier, password: string, meta: ClientMeta): Promise<User> {
    return this.accountCreation.create(meta.ip, async () => {
      const hash = await this.hasher.hash(password);
      const released = await this.users.releaseUnverifiedClaim(id);
      if (released) await this.codes.revokeOpen(id.value, released);
      return this.users.createWithPassword(id, hash);
    });
  }

  /** Answers alike for known and unknown identifiers; only an unverified claim actually gets a code. */
  async resend(input: SendOptions, meta: ClientMeta): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    await this.sendCode('signup', id, channel, type, null, meta);
    return `${type} sent via ${channel}.`;
  }

  /**
   * Confirms a sign-up (or a wallet account's added email) by code. The password of that sign-up stays:
   * the code was sent for it. A wallet's added e-mail confirmed by its owner ends any password set before.
   */
  async confirmSignup(identifier: string, code: string): Promise<string> {
    const id = this.identifier(identifier);
    const consumed = await this.codes.consume(['signup', 'email_add'], id.value, code);
    await this.confirmByCode(consumed, id);
    return id.kind === 'email' ? 'Email verified successfully.' : 'Phone number verified successfully.';
  }

  /** What a link is for, for the confirmation page; opening it spends nothing. */
  async describeLink(token: string): Promise<{ purpose: CodePurpose; destination: string } | null> {
    return this.codes.peekLink(token);
  }

  /** POST /v1/auth/verify/ from the link's page: verifies the identifier, or signs in for a sign-in link. */
  async confirmLink(token: string, meta: ClientMeta): Promise<{ message: string } | { pair: TokenPair; user: User }> {
    const consumed = await this.codes.consumeLink(token, ['signup', 'email_add', 'login']);
    const id: Identifier = { kind: consumed.channel === 'email' ? 'email' : 'phone', value: consumed.destination };
    if (consumed.purpose === 'login') return this.signInByCode(consumed, id, meta);
    await this.confirmByCode(consumed, id);
    return { message: id.kind === 'email' ? 'Email verified successfully.' : 'Phone number verified successfully.' };
  }

  /**
   * Verification owns the account: a code or link proves its holder owns the identifier, so a password
   * set before the identifier was verified (anyone can type someone else's address at sign-up) stops
   * working and its sessions end, except on the sign-up the code was sent for.
   */
  private async confirmByCode(consumed: ConsumedCode, id: Identifier): Promise<string> {
    if (!consumed.userId) throw AuthError.invalidCode(0);
    const confirmed = await this.users.confirmOwnership(consumed.userId, id, consumed.purpose !== 'signup');
    if (!confirmed) throw AuthError.invalidCode(0);
    if (confirmed.dropped) await this.sessions.revokeAllForUser(consumed.userId, 'identifier_verified');
    return consumed.userId;
  }

  private async signInByCode(consumed: ConsumedCode, id: Identifier, meta: ClientMeta) {
    const userId = await this.confirmByCode(consumed, id);
    return this.startSession(await this.users.getById(userId), meta);
  }

  // ---- password login ----

  async loginWithPassword(rawIdentifier: string, password: string, meta: ClientMeta) {
    const id = parseIdentifier(rawIdentifier);
    // Unparseable identifiers are throttled and answered exactly like unknown accounts.
    const key = id?.value ?? rawIdentifier.trim().toLowerCase().slice(0, 254);
    const attempt = await this.throttle.reserve(key);
    const found = id ? await this.users.findWithPasswordHash(id) : null;
    const ok = await this.hasher.verify(found?.passwordHash ?? null, password);
    if (!ok || !found) {
      const lockedFor = await this.throttle.recordFailure(key, attempt);
      if (lockedFor) throw AuthError.locked(lockedFor);
      throw AuthError.invalidCredentials();
    }
    await this.throttle.clear(key);
    const user = found.user;
    if (!isActive(user)) throw AuthError.inactive();
    if (this.config.env.AUTH_REQUIRE_VERIFICATION && !user.isVerified) throw AuthError.unverified();
    return this.startSession(user, meta);
  }

  /** Every way in ends here: a suspended or deactivated account gets no tokens by any path. */
  private async startSession(user: User, meta: ClientMeta): Promise<{ pair: TokenPair; user: User }> {
    if (!isActive(user)) throw AuthError.inactive();
    const pair = await this.sessions.start(user.id, meta);
    const lastLogin = await this.users.recordLogin(user.id);
    return { pair, user: { ...user, lastLoginAt: lastLogin } };
  }

  refresh(token: string): Promise<TokenPair> {
    return this.sessions.refresh(token);
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId, 'logout');
  }

  // ---- passwordless ----

  async passwordlessStart(input: SendOptions, meta: ClientMeta): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    await this.sendCode('login', id, channel, type, null, meta);
    return `${type} sent via ${channel}.`;
  }

  async passwordlessConfirm(identifier: string, code: string, meta: ClientMeta) {
    const id = this.identifier(identifier);
    return this.signInByCode(await this.codes.consume(['login'], id.value, code), id, meta);
  }

  // ---- wallet ----

  async walletLogin(proof: WalletProof, meta: ClientMeta) {
    const address = await this.wallets.verifyProof(proof);
    const user =
      (await this.users.findByWallet(address)) ??
      (await this.accountCreation.create(meta.ip, () =>
        this.users.createForWallet(address, this.wallets.expectedChainId),
      ));
    return this.startSession(user, meta);
  }

  async linkWallet(userId: string, proof: WalletProof) {
    const address = await this.wallets.verifyProof(proof);
    return this.users.linkWallet(userId, address, this.wallets.expectedChainId);
  }

  async addEmailToWalletAccount(
    userId: string,
    email: string,
    type: VerificationType = 'otp',
    meta: ClientMeta = {},
  ): Promise<string> {
    const user = await this.users.getById(userId);
    if (user.authenticationType !== 'wallet') throw AuthError.notWalletAccount();
    if (user.emailVerifiedAt) throw AuthError.emailAlreadySet();
    const id = this.identifier(email, 'email');
    if (user.email !== id.value) {
      const released = await this.users.releaseUnverifiedClaim(id);
      if (released) await this.codes.revokeOpen(id.value, released);
      if (user.email) await this.codes.revokeOpen(user.email, userId);
      await this.users.setUnverifiedEmail(userId, id.value);
    }
    await this.sendCode('email_add', id, 'email', type, userId, meta);
    return `Email added successfully. ${type} sent via email.`;
  }

  // ---- passwords ----

  async changePassword(userId: string, oldPassword: string, newPassword: string, confirm: string): Promise<void> {
    if (newPassword !== confirm) throw AuthError.passwordMismatch();
    const user = await this.users.getById(userId);
    const hash = await this.users.getPasswordHash(userId);
    if (!(await this.hasher.verify(hash, oldPassword))) throw AuthError.wrongPassword();
    await this.assertPasswordPolicy(newPassword, user, false, 'new_password');
    await this.users.setPasswordHash(userId, await this.hasher.hash(newPassword));
    await this.sessions.revokeAllForUser(userId, 'password_change');
  }

  async resetStart(input: SendOptions, meta: ClientMeta): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    await this.sendCode('password_reset', id, channel, type, null, meta);
    return `Password reset ${type === 'otp' ? 'OTP' : 'link'} sent via ${channel}.`;
  }

  /**
   * The code (or the token of a reset link) proves ownership: the new password replaces any other, every
   * session of the user ends, and a password lock on the identifier is lifted.
   */
  async resetConfirm(identifier: string, code: string, newPassword: string, confirm: string): Promise<void> {
    const id = this.identifier(identifier);
    if (newPassword !== confirm) throw AuthError.passwordMismatch();
    const user = await this.users.findByIdentifier(id);
    // Checked before the code is spent, so a weak password does not burn a valid code.
    await this.assertPasswordPolicy(
      newPassword,
      user ?? (id.kind === 'email' ? { email: id.value } : { phone: id.value }),
      false,
      'new_password',
    );
    const hash = await this.hasher.hash(newPassword);
    const userId = await this.confirmByCode(await this.codes.consume(['password_reset'], id.value, code), id);
    await this.users.setPasswordHash(userId, hash);
    await this.sessions.revokeAllForUser(userId, 'password_reset');
    await this.throttle.clear(id.value);
  }

  /** First admin from ADMIN_EMAIL / ADMIN_PASSWORD, created at boot when absent. */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const id = this.identifier(email, 'ADMIN_EMAIL');
    if (await this.users.findByIdentifier(id)) return;
    try {
      const user = await this.users.createWithPassword(id, await this.hasher.hash(password));
      await this.users.markVerified(user.id, id);
      await this.users.adminUpdate(user.id, { role: 'admin' });
    } catch (err) {
      // Another instance created it at the same moment.
      if (!(await this.users.findByIdentifier(id))) throw err;
    }
  }
}
