import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { AuditActor } from '../audit/index.js';
import { AuditService } from '../audit/audit.service.js';
import type { Role } from '../common/security/index.js';
import type { Identifier } from './identifier.js';
import { User, type KycStatus, type UserStatus } from './entities/user.entity.js';
import type { Wallet } from './entities/wallet.entity.js';
import { UsersError } from './users.errors.js';
import { UsersRepository, type ProfileRow, type UserWithWallets } from './users.repository.js';
import { WalletsRepository } from './wallets.repository.js';

export type { ProfileRow, UserWithWallets } from './users.repository.js';

export type ProfilePatch = Partial<
  Pick<
    User,
    | 'firstName'
    | 'lastName'
    | 'dateOfBirth'
    | 'bio'
    | 'gender'
    | 'city'
    | 'region'
    | 'country'
    | 'pictureUrl'
    | 'privacy'
  >
>;

function uniqueViolation(err: unknown): string | null {
  if (!(err instanceof QueryFailedError)) return null;
  const driver = err.driverError as { code?: string; constraint?: string; detail?: string };
  if (driver.code !== '23505') return null;
  return `${driver.constraint ?? ''} ${driver.detail ?? ''}`;
}

/** Suspended and deactivated accounts get no tokens and no codes by any path. */
export function isActive(user: User): boolean {
  return user.status !== 'suspended' && user.status !== 'deactivated';
}

export function isVerifiedFor(user: User, identifier: Identifier): boolean {
  return Boolean(identifier.kind === 'email' ? user.emailVerifiedAt : user.phoneVerifiedAt);
}

const takenError = (identifier: Identifier) =>
  identifier.kind === 'email' ? UsersError.emailTaken() : UsersError.phoneTaken();

/** A random 11-digit Credo handle; random rather than sequential so handles do not reveal sign-up order. */
function newHandle(): string {
  return String(randomInt(0, 1e11)).padStart(11, '0');
}

/** `is_online` means seen in the last 5 minutes; a minute's resolution is plenty. */
const PRESENCE_WRITE_INTERVAL_MS = 60_000;

@Injectable()
export class UsersService {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly users: UsersRepository,
    private readonly wallets: WalletsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every authenticated read of the profile lands here, so it skips TypeORM's query builder (see Sql). */
  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw UsersError.notFound();
    return user;
  }

  /** GET /api/profile's read, in one statement: the user, the default wallet, the newest score. */
  async getProfile(id: string): Promise<ProfileRow> {
    const profile = await this.users.findProfile(id);
    if (!profile) throw UsersError.notFound();
    return profile;
  }

  /** The user and each linked wallet's address and verification time, first linked first: one statement. */
  findWithWallets(id: string): Promise<UserWithWallets | null> {
    return this.users.findWithWallets(id);
  }

  /** Many users at once (e.g. everyone who endorsed someone), in no particular order. */
  findByIds(ids: string[]): Promise<User[]> {
    return this.users.findByIds(ids);
  }

  /**
   * Locks the user's row until the end of the caller's transaction (`manager`), so what one user does at
   * once is serialized (e.g. endorsements against the endorser's quota).
   */
  lockForUpdate(manager: EntityManager, userId: string): Promise<void> {
    return this.users.lockForUpdate(manager, userId);
  }

  findByHandle(handle: string): Promise<User | null> {
    return this.users.findByHandle(handle);
  }

  findByIdentifier(identifier: Identifier): Promise<User | null> {
    return this.users.findByIdentifier(identifier);
  }

  /** The user and the stored hash, for password checks only; the hash never leaves the auth module. */
  async findWithPasswordHash(identifier: Identifier): Promise<{ user: User; passwordHash: string | null } | null> {
    const row = await this.users.findWithPasswordHash(identifier);
    return row ? { user: row, passwordHash: row.passwordHash } : null;
  }

  getPasswordHash(userId: string): Promise<string | null> {
    return this.users.passwordHash(userId);
  }

  async findByWallet(address: string): Promise<User | null> {
    const wallet = await this.wallets.findByAddress(address);
    return wallet ? this.findById(wallet.userId) : null;
  }

  listWallets(userId: string): Promise<Wallet[]> {
    return this.wallets.listOf(userId);
  }

  /** Creates a user with a fresh handle, retrying the (astronomically rare) handle collision. */
  private async insertUser(manager: EntityManager, fields: Partial<User>): Promise<User> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.users.insert(manager, { ...fields, handle: newHandle() });
      } catch (err) {
        const violation = uniqueViolation(err);
        if (violation?.includes('handle') && attempt < 5) continue;
        if (violation?.includes('email')) throw UsersError.emailTaken();
        if (violation?.includes('phone')) throw UsersError.phoneTaken();
        throw err;
      }
    }
  }

  async createWithPassword(identifier: Identifier, passwordHash: string): Promise<User> {
    const user = await this.insertUser(this.db.manager, {
      email: identifier.kind === 'email' ? identifier.value : null,
      phone: identifier.kind === 'phone' ? identifier.value : null,
      passwordHash,
      authenticationType: identifier.kind,
      status: 'pending',
    });
    return (await this.findById(user.id))!;
  }

  /** First wallet login: the signature proved ownership, so the account starts active and verified. */
  async createForWallet(address: string, chainId: number): Promise<User> {
    try {
      const id = await this.db.transaction(async (manager) => {
        const user = await this.insertUser(manager, {
          authenticationType: 'wallet',
          status: 'active',
          isVerified: true,
        });
        await this.wallets.insert({ userId: user.id, address, chainId, verifiedAt: new Date() }, manager);
        return user.id;
      });
      return (await this.findById(id))!;
    } catch (err) {
      if (uniqueViolation(err)?.includes('wallets_address')) {
        // Two first logins of one wallet at once: the other created it.
        const existing = await this.findByWallet(address);
        if (existing) return existing;
      }
      throw err;
    }
  }

  async linkWallet(userId: string, address: string, chainId: number): Promise<Wallet> {
    const owner = await this.findByWallet(address);
    if (owner && owner.id !== userId) throw UsersError.walletTaken();
    if (owner) {
      return (await this.wallets.findByAddress(address))!;
    }
    try {
      return await this.wallets.save({ userId, address, chainId, verifiedAt: new Date() });
    } catch (err) {
      if (uniqueViolation(err)) throw UsersError.walletTaken();
      throw err;
    }
  }

  /**
   * Verifies an identifier by a channel that proved its owner holds it (a code or link sent to it), and
   * activates a pending account. Null when the account no longer holds that identifier (it changed, or the
   * claim was released to its owner since the code was sent): the code proves nothing about this account.
   *
   * When the identifier was not verified before and `dropPassword` is set, a password set before it (by
   * whoever signed up with someone else's address) stops working; the owner sets one by reset. `dropped`
   * says so, and the caller ends the sessions that password opened.
   */
  async confirmOwnership(
    userId: string,
    identifier: Identifier,
    dropPassword: boolean,
  ): Promise<{ dropped: boolean } | null> {
    return this.users.confirmOwnership(userId, identifier, dropPassword);
  }

  /** The first admin's address is taken as verified: it comes from the operator's settings. */
  async markVerified(userId: string, identifier: Identifier): Promise<void> {
    await this.confirmOwnership(userId, identifier, false);
  }

  /**
   * The account an identifier signs in to by code or link (passwordless, reset): the one that verified it,
   * or one whose only way in it is. An unverified claim on an account that has other credentials (a wallet
   * account that added someone's e-mail) signs in to nothing, so verifying the address cannot hand its
   * owner an account someone else controls.
   */
  async findSignInTarget(identifier: Identifier): Promise<User | null> {
    const user = await this.findByIdentifier(identifier);
    if (!user || isVerifiedFor(user, identifier)) return user;
    const otherVerified = identifier.kind === 'email' ? user.phoneVerifiedAt : user.emailVerifiedAt;
    if (otherVerified || (await this.listWallets(user.id)).length) return null;
    return user;
  }

  /** An identifier someone verified is taken (409); an unverified claim never blocks a new sign-up. */
  async assertClaimable(identifier: Identifier): Promise<void> {
    const holder = await this.findByIdentifier(identifier);
    if (holder && isVerifiedFor(holder, identifier)) throw takenError(identifier);
  }

  /**
   * Makes an identifier free for a new sign-up. A verified holder keeps it (409); an unverified claim is
   * released: the holder loses the identifier, so a squatter never blocks the owner. Returns the id of the
   * account that lost it, if any.
   */
  async releaseUnverifiedClaim(identifier: Identifier): Promise<string | null> {
    const holder = await this.findByIdentifier(identifier);
    if (!holder) return null;
    if (isVerifiedFor(holder, identifier)) throw takenError(identifier);
    await this.users.releaseUnverified(holder.id, identifier);
    return holder.id;
  }

  /** Wallet accounts add an email that stays unverified until confirmed. */
  async setUnverifiedEmail(userId: string, email: string): Promise<void> {
    try {
      await this.users.update(userId, { email, emailVerifiedAt: null });
    } catch (err) {
      if (uniqueViolation(err)) throw UsersError.emailTaken();
      throw err;
    }
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.users.update(userId, { passwordHash });
  }

  async recordLogin(userId: string): Promise<Date> {
    const now = new Date();
    await this.users.update(userId, { lastLoginAt: now, lastSeenAt: now });
    return now;
  }

  /** Presence for `is_online`: at most one write per user per minute, and no query at all in between. */
  async touch(userId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.touchedAt.get(userId) ?? 0) < PRESENCE_WRITE_INTERVAL_MS) return;
    if (this.touchedAt.size > 50_000) this.touchedAt.clear();
    this.touchedAt.set(userId, now);
    await this.users.touch(userId);
  }

  /** Returns the profile as GET /api/profile reads it, after the change. */
  async updateProfile(userId: string, patch: ProfilePatch): Promise<ProfileRow> {
    if (Object.keys(patch).length) await this.users.update(userId, patch);
    return this.getProfile(userId);
  }

  /**
   * Role, KYC decision and account status. An admin's change (`by`) is refused on their own account (they
   * would approve their own KYC), is audited, and runs `by.within` in the same transaction (a suspension's
   * session revocation). Without `by` it is the system's own bootstrap, the first admin made at boot.
   */
  async adminUpdate(
    userId: string,
    patch: { role?: Role; kycStatus?: KycStatus; status?: UserStatus },
    by?: { actor: AuditActor; within?: (manager: EntityManager) => Promise<void> },
  ): Promise<User> {
    if (by && by.actor.userId === userId) throw UsersError.ownAccount();
    await this.db.transaction(async (manager) => {
      const user = await this.users.findForUpdate(manager, userId);
      if (!user) throw UsersError.notFound();
      const fields: Partial<User> = {};
      if (patch.role) fields.role = patch.role;
      if (patch.status) fields.status = patch.status;
      if (patch.kycStatus) {
        fields.kycStatus = patch.kycStatus;
        fields.kycVerifiedAt = patch.kycStatus === 'approved' ? new Date() : null;
      }
      if (Object.keys(fields).length) await this.users.update(user.id, fields, manager);
      if (!by) return;
      await by.within?.(manager);
      await this.audit.record(manager, by.actor, {
        action: 'user.update',
        target: { type: 'user', id: userId },
        before: adminFields(user),
        after: adminFields({ ...user, ...fields }),
      });
    });
    return this.getById(userId);
  }
}

/** What an admin may change on a user, as the audit log shows it. */
const adminFields = (u: Pick<User, 'role' | 'status' | 'kycStatus' | 'kycVerifiedAt'>) => ({
  role: u.role,
  status: u.status,
  kyc_status: u.kycStatus,
  kyc_verified_at: u.kycVerifiedAt,
});
