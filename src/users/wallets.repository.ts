import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Sql } from '../database/sql.js';
import { Wallet } from './entities/wallet.entity.js';
import { SelectedColumns } from './select-list.js';

export type NewWallet = Pick<Wallet, 'userId' | 'address' | 'chainId' | 'verifiedAt'>;

/** The wallets table. */
@Injectable()
export class WalletsRepository {
  private readonly columns: SelectedColumns<Wallet>;

  constructor(
    @InjectRepository(Wallet) private readonly wallets: Repository<Wallet>,
    private readonly sql: Sql,
  ) {
    this.columns = new SelectedColumns<Wallet>(wallets.metadata);
  }

  /** The user's wallets, first linked first (the first is the default wallet). */
  async listOf(userId: string): Promise<Wallet[]> {
    // Raw and prepared: read on every GET /api/profile and loan quote (bench/RESULTS.md).
    const rows = await this.sql.rows<Record<string, unknown>>(
      `SELECT ${this.columns.list} FROM wallets WHERE user_id = $1 ORDER BY created_at`,
      [userId],
      'wallets-of-user',
    );
    return rows.map((row) => this.columns.entity(row));
  }

  /** Addresses are compared case-insensitively, as the unique index on lower(address) does. */
  findByAddress(address: string): Promise<Wallet | null> {
    return this.wallets.createQueryBuilder('w').where('lower(w.address) = lower(:address)', { address }).getOne();
  }

  /** In the caller's transaction when given one. */
  async insert(wallet: NewWallet, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(Wallet) : this.wallets).insert(wallet);
  }

  save(wallet: NewWallet): Promise<Wallet> {
    return this.wallets.save(this.wallets.create(wallet));
  }
}
