import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { Sql } from '../database/sql.js';
import { User } from './entities/user.entity.js';
import type { Wallet } from './entities/wallet.entity.js';
import type { Identifier } from './identifier.js';
import { SelectedColumns } from './select-list.js';

/** The columns of an identifier and of its verification time. */
const IDENTIFIER_COLUMNS = {
  email: { property: 'email', verifiedAt: 'emailVerifiedAt', verifiedAtColumn: 'email_verified_at' },
  phone: { property: 'phone', verifiedAt: 'phoneVerifiedAt', verifiedAtColumn: 'phone_verified_at' },
} as const;

/** A user with what GET /api/profile shows besides: the default wallet and the newest score (credit's table). */
export interface ProfileRow {
  user: User;
  /** The first linked wallet's address, as WalletsRepository.listOf()[0] gives it. */
  walletAddress: string | null;
  latestScore: { score: number; calculatedAt: Date } | null;
}

/** A user with each linked wallet's address and verification time, first linked first. */
export interface UserWithWallets {
  user: User;
  wallets: Array<Pick<Wallet, 'address' | 'verifiedAt'>>;
}

/** The users table. `passwordHash` is `select: false`: only the two reads that say so return it. */
@Injectable()
export class UsersRepository {
  private readonly columns: SelectedColumns<User>;
  private readonly joinedColumns: SelectedColumns<User>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly sql: Sql,
  ) {
    this.columns = new SelectedColumns<User>(users.metadata);
    this.joinedColumns = new SelectedColumns<User>(users.metadata, 'u');
  }

  async findById(id: string): Promise<User | null> {
    // Raw and prepared: every authenticated read of the profile, GET /api/profile (bench/RESULTS.md).
    const rows = await this.sql.rows<Record<string, unknown>>(
      `SELECT ${this.columns.list} FROM users WHERE id = $1`,
      [id],
      'user-by-id',
    );
    return rows.length ? this.columns.entity(rows[0]) : null;
  }

  /**
   * The profile in one round trip (GET /api/profile, bench/RESULTS.md): the user, the default wallet (first
   * linked, the order of WalletsRepository.listOf) and the newest score of any model and wallet. The score is
   * the credit module's table, read here so the profile does not wait for a second statement.
   */
  async findProfile(id: string): Promise<ProfileRow | null> {
    const rows = await this.sql.rows<Record<string, unknown>>(
      `SELECT ${this.joinedColumns.list},
              (SELECT w.address FROM wallets w WHERE w.user_id = u.id ORDER BY w.created_at LIMIT 1)
                AS profile_wallet_address,
              s.score AS profile_score, s.calculated_at AS profile_score_at
         FROM users u
         LEFT JOIN LATERAL (
           SELECT cs.score, cs.calculated_at FROM credit_scores cs
            WHERE cs.user_id = u.id ORDER BY cs.calculated_at DESC LIMIT 1
         ) s ON true
        WHERE u.id = $1`,
      [id],
      'user-profile',
    );
    if (!rows.length) return null;
    const row = rows[0];
    return {
      user: this.joinedColumns.entity(row),
      walletAddress: (row.profile_wallet_address as string | null) ?? null,
      latestScore:
        row.profile_score === null
          ? null
          : { score: row.profile_score as number, calculatedAt: new Date(row.profile_score_at as Date) },
    };
  }

  /** The user and their wallets in one round trip (a credit history read picks up verifications from both). */
  async findWithWallets(id: string): Promise<UserWithWallets | null> {
    const rows = await this.sql.rows<Record<string, unknown>>(
      `SELECT ${this.joinedColumns.list}, w.addresses AS wallet_addresses, w.verified_at AS wallets_verified_at
         FROM users u
        CROSS JOIN LATERAL (
          SELECT coalesce(array_agg(address ORDER BY created_at), '{}') AS addresses,
                 coalesce(array_agg(verified_at ORDER BY created_at), '{}') AS verified_at
            FROM wallets WHERE user_id = u.id
        ) w
        WHERE u.id = $1`,
      [id],
      'user-with-wallets',
    );
    if (!rows.length) return null;
    const row = rows[0];
    const verifiedAt = row.wallets_verified_at as Date[];
    return {
      user: this.joinedColumns.entity(row),
      wallets: (row.wallet_addresses as string[]).map((address, i) => ({ address, verifiedAt: verifiedAt[i] })),
    };
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length ? this.users.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Locks the user's row until the end of the caller's transaction (`manager`). */
  async lockForUpdate(manager: EntityManager, userId: string): Promise<void> {
    await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .select('u.id')
      .where('u.id = :userId', { userId })
      .setLock('pessimistic_write')
      .getRawOne();
  }

  /** The user, its row locked until the end of the caller's transaction (`manager`). */
  findForUpdate(manager: EntityManager, userId: string): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  findByHandle(handle: string): Promise<User | null> {
    return this.users.findOne({ where: { handle } });
  }

  findByIdentifier(identifier: Identifier): Promise<User | null> {
    return this.users.findOne({
      where: identifier.kind === 'email' ? { email: identifier.value } : { phone: identifier.value },
    });
  }

  /** The one read of a user with its password hash besides passwordHash(). */
  findWithPasswordHash(identifier: Identifier): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where(identifier.kind === 'email' ? 'u.email = :v' : 'u.phone = :v', { v: identifier.value })
      .getOne();
  }

  async passwordHash(userId: string): Promise<string | null> {
    const row = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: userId })
      .getOne();
    return row?.passwordHash ?? null;
  }

  /** Inserts (in the caller's transaction, `manager`) and returns the stored user. */
  insert(manager: EntityManager, fields: Partial<User>): Promise<User> {
    const users = manager.getRepository(User);
    return users.save(users.create(fields));
  }

  /** In the caller's transaction when given one. */
  async update(userId: string, fields: Partial<User>, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(User) : this.users).update({ id: userId }, fields);
  }

  /**
   * Marks the identifier verified and activates a pending account, if the user still holds it; with
   * `dropPassword`, a password set before the identifier was first verified is removed. One statement: the
   * row is locked while its old state (verified before? a password?) is read, so `dropped` tells what this
   * very update did. Null when the user does not hold the identifier.
   */
  async confirmOwnership(
    userId: string,
    identifier: Identifier,
    dropPassword: boolean,
  ): Promise<{ dropped: boolean } | null> {
    const { property, verifiedAt, verifiedAtColumn } = IDENTIFIER_COLUMNS[identifier.kind];
    const old = this.users
      .createQueryBuilder('o')
      .select('o.id', 'id')
      .addSelect(`o.${verifiedAt} IS NULL AND o.passwordHash IS NOT NULL`, 'stale')
      .where('o.id = :userId', { userId })
      .andWhere(`o.${property} = :value`, { value: identifier.value })
      .setLock('pessimistic_write');
    const result = await this.users
      .createQueryBuilder()
      .update()
      .addCommonTableExpression(old, 'old')
      .set({
        [verifiedAt]: () => `COALESCE(${verifiedAtColumn}, now())`,
        isVerified: true,
        status: () => `CASE WHEN status = 'pending' THEN 'active' ELSE status END`,
        passwordHash: () => `CASE WHEN :dropPassword AND (SELECT stale FROM old) THEN NULL ELSE password_hash END`,
        updatedAt: () => 'now()',
      })
      .where('id = (SELECT id FROM old)')
      .setParameter('dropPassword', dropPassword)
      .returning('(:dropPassword AND (SELECT stale FROM old)) AS dropped')
      .updateEntity(false)
      .execute();
    const [row] = result.raw as Array<{ dropped: boolean }>;
    return row ?? null;
  }

  /** Takes an unverified identifier off the account; a verified one, or one it no longer holds, stays. */
  async releaseUnverified(userId: string, identifier: Identifier): Promise<void> {
    const { property, verifiedAt } = IDENTIFIER_COLUMNS[identifier.kind];
    await this.users
      .createQueryBuilder()
      .update()
      .set({ [property]: null, [verifiedAt]: null, updatedAt: () => 'now()' })
      .where({ id: userId, [property]: identifier.value, [verifiedAt]: IsNull() })
      .execute();
  }

  /** Presence: last_seen_at, unless it is under a minute old. */
  async touch(userId: string): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update()
      // Presence is not a change of the account: updated_at stays (TypeORM would set it unless it is named).
      .set({ lastSeenAt: () => 'now()', updatedAt: () => 'updated_at' })
      .where({ id: userId })
      .andWhere(`(last_seen_at IS NULL OR last_seen_at < now() - interval '60 seconds')`)
      .execute();
  }
}
