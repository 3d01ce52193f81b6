import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { returnedEntities } from '../../database/returned-rows.js';
import { WalletNonce } from '../entities/wallet-nonce.entity.js';

/** The wallet_nonces table. */
@Injectable()
export class WalletNoncesRepository {
  constructor(@InjectRepository(WalletNonce) private readonly nonces: Repository<WalletNonce>) {}

  async insert(nonce: Pick<WalletNonce, 'nonce' | 'address' | 'issuedAt' | 'expiresAt'>): Promise<void> {
    await this.nonces.createQueryBuilder().insert().values(nonce).updateEntity(false).execute();
  }

  /**
   * True for exactly one caller per nonce, while it is live and bound to this address: one conditional
   * UPDATE … RETURNING, so a signed message presented twice at once signs in once.
   */
  async consume(nonce: string, address: string): Promise<boolean> {
    const result = await this.nonces
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where({ nonce, address, usedAt: IsNull() })
      .andWhere('expires_at > now()')
      .returning(['nonce'])
      .execute();
    return returnedEntities(this.nonces, result.raw).length > 0;
  }
}
