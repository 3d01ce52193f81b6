import { Inject, Injectable } from '@nestjs/common';
import { AccountCreationLimit } from '../common/rate-limit/account-creation-limit.service.js';
import { AppConfig } from '../config/index.js';
import { NotificationsService, PRODUCT_NAME } from '../notifications/notifications.service.js';
import type { User } from '../users/entities/user.entity.js';
import { parseIdentifier, type Identifier } from '../users/identifier.js';
import { UsersService } from '../users/users.service.js';
import { AuthError } from './auth.errors.js';
import {
  VerificationCodeService,
  type Channel,
  type CodePurpose,
  type VerificationType,
} from './codes/verification-code.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { checkPassword } from './password/password-policy.js';
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
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(VerificationCodeService) private readonly codes: VerificationCodeService,
    @Inject(LoginThrottleService) private readonly throttle: LoginThrottleService,
    @Inject(WalletAuthService) private readonly wallets: WalletAuthService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(AccountCreationLimit) private readonly accountCreation: AccountCreationLimit,
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

  /** Records the send (for cooldowns, known identifier or not), then issues and delivers when there is a target. */
  private async sendCode(
    purpose: CodePurpose,
    id: Identifier,
    channel: Channel,
    type: VerificationType,
    userId: string | null,
    deliver: boolean,
  ): Promise<void> {
    await this.codes.reserveSend(id.value, purpose);
    if (!deliver) return;
    const issued = await this.codes.issue({ purpose, channel, destination: id.value, userId, type });
    const text = issued.code
      ? `Your ${PRODUCT_NAME} verification code is ${issued.code}. It expires in ${Math.round(this.config.env.OTP_TTL_SECONDS / 60)} minutes.`
      : `Confirm with ${PRODUCT_NAME}: ${this.config.env.APP_URL.replace(/\/$/, '')}/api/v1/auth/verify/?token=${issued.linkToken}`;
    if (channel === 'email') {
      await this.notifications.sendEmail(
        id.value,
        `${PRODUCT_NAME} ${issued.code ? 'verification code' : 'verification link'}`,
        text,
      );
    } else {
      await this.notifications.sendSms(id.value, text);
    }
  }

  // ---- sign-up and verification ----

  /** Seed 000's register: email and a password that also meets the upper/lower/digit/special rule. */
  async register(email: string, password: string, meta: ClientMeta): Promise<User> {
    const id = this.identifier(email, 'email');
    await this.assertPasswordPolicy(password, { email: id.value }, true);
    const user = await this.accountCreation.create(meta.ip, async () =>
      this.users.createWithPassword(id, await this.hasher.hash(password)),
    );
    await this.sendCode('signup', id, 'email', 'otp', user.id, true);
    return user;
  }

  async signup(input: SendOptions & { password: string }, meta: ClientMeta): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    await this.assertPasswordPolicy(input.password, id.kind === 'email' ? { email: id.value } : { phone: id.value });
    const user = await this.accountCreation.create(meta.ip, async () =>
      this.users.createWithPassword(id, await this.hasher.hash(input.password)),
    );
    await this.sendCode('signup', id, channel, type, user.id, true);
    return `${type} sent via ${channel}.`;
  }

  /** Answers alike for known and unknown identifiers; only unverified ones actually get a code. */
  async resend(input: SendOptions): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    const user = await this.users.findByIdentifier(id);
    const verified = user && (id.kind === 'email' ? user.emailVerifiedAt : user.phoneVerifiedAt);
    const purpose: CodePurpose = user && user.authenticationType === 'wallet' ? 'email_add' : 'signup';
    await this.sendCode(purpose, id, channel, type, user?.id ?? null, Boolean(user && !verified));
    return `${type} sent via ${channel}.`;
  }

  /** Confirms a sign-up (or a wallet account's added email) by code. */
  async confirmSignup(identifier: string, code: string): Promise<string> {
    const id = this.identifier(identifier);
    const consumed = await this.codes.consume(['signup', 'email_add'], id.value, code);
    if (!consumed.userId) throw AuthError.invalidCode(0);
    await this.users.markVerified(consumed.userId, id.kind);
    return id.kind === 'email' ? 'Email verified successfully.' : 'Phone number verified successfully.';
  }

  /** GET /v1/auth/verify/?token= — what the link proves depends on what it was sent for. */
  async verifyLink(token: string, meta: ClientMeta): Promise<{ message: string } | { pair: TokenPair; user: User }> {
    const consumed = await this.codes.consumeLink(token, ['signup', 'email_add', 'login']);
    if (!consumed.userId) throw AuthError.invalidLink();
    const kind = consumed.channel === 'email' ? 'email' : 'phone';
    await this.users.markVerified(consumed.userId, kind);
    if (consumed.purpose === 'login') return this.startSession(await this.users.getById(consumed.userId), meta);
    return { message: kind === 'email' ? 'Email verified successfully.' : 'Phone number verified successfully.' };
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
    if (user.status === 'suspended' || user.status === 'deactivated') throw AuthError.inactive();
    if (this.config.env.AUTH_REQUIRE_VERIFICATION && !user.isVerified) throw AuthError.unverified();
    return this.startSession(user, meta);
  }

  private async startSession(user: User, meta: ClientMeta): Promise<{ pair: TokenPair; user: User }> {
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

  async passwordlessStart(input: SendOptions): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    const user = await this.users.findByIdentifier(id);
    const allowed = Boolean(user && user.status !== 'suspended' && user.status !== 'deactivated');
    await this.sendCode('login', id, channel, type, user?.id ?? null, allowed);
    return `${type} sent via ${channel}.`;
  }

  async passwordlessConfirm(identifier: string, code: string, meta: ClientMeta) {
    const id = this.identifier(identifier);
    const consumed = await this.codes.consume(['login'], id.value, code);
    if (!consumed.userId) throw AuthError.invalidCode(0);
    await this.users.markVerified(consumed.userId, id.kind);
    const user = await this.users.getById(consumed.userId);
    if (user.status === 'suspended' || user.status === 'deactivated') throw AuthError.inactive();
    return this.startSession(user, meta);
  }

  // ---- wallet ----

  async walletLogin(proof: WalletProof, meta: ClientMeta) {
    const address = await this.wallets.verifyProof(proof);
    const user =
      (await this.users.findByWallet(address)) ??
      (await this.accountCreation.create(meta.ip, () =>
        this.users.createForWallet(address, this.wallets.expectedChainId),
      ));
    if (user.status === 'suspended' || user.status === 'deactivated') throw AuthError.inactive();
    return this.startSession(user, meta);
  }

  async linkWallet(userId: string, proof: WalletProof) {
    const address = await this.wallets.verifyProof(proof);
    return this.users.linkWallet(userId, address, this.wallets.expectedChainId);
  }

  async addEmailToWalletAccount(userId: string, email: string, type: VerificationType = 'otp'): Promise<string> {
    const user = await this.users.getById(userId);
    if (user.authenticationType !== 'wallet') throw AuthError.notWalletAccount();
    if (user.emailVerifiedAt) throw AuthError.emailAlreadySet();
    const id = this.identifier(email, 'email');
    if (user.email !== id.value) await this.users.setUnverifiedEmail(userId, id.value);
    await this.sendCode('email_add', id, 'email', type, userId, true);
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

  async resetStart(input: SendOptions): Promise<string> {
    const id = this.identifier(input.identifier);
    const channel = this.channelFor(id, input.method);
    const type = input.verification_type ?? 'otp';
    const user = await this.users.findByIdentifier(id);
    const allowed = Boolean(user && user.status !== 'suspended' && user.status !== 'deactivated');
    await this.sendCode('password_reset', id, channel, type, user?.id ?? null, allowed);
    return `Password reset ${type === 'otp' ? 'OTP' : 'link'} sent via ${channel}.`;
  }

  /** The code (or the token of a reset link) proves ownership; every session of the user ends. */
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
    const consumed = await this.codes.consume(['password_reset'], id.value, code);
    if (!consumed.userId) throw AuthError.invalidCode(0);
    await this.users.setPasswordHash(consumed.userId, await this.hasher.hash(newPassword));
    await this.users.markVerified(consumed.userId, id.kind);
    await this.sessions.revokeAllForUser(consumed.userId, 'password_reset');
    await this.throttle.clear(id.value);
  }

  /** First admin from ADMIN_EMAIL / ADMIN_PASSWORD, created at boot when absent. */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const id = this.identifier(email, 'ADMIN_EMAIL');
    if (await this.users.findByIdentifier(id)) return;
    try {
      const user = await this.users.createWithPassword(id, await this.hasher.hash(password));
      await this.users.markVerified(user.id, 'email');
      await this.users.adminUpdate(user.id, { role: 'admin' });
    } catch (err) {
      // Another instance created it at the same moment.
      if (!(await this.users.findByIdentifier(id))) throw err;
    }
  }
}
