import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A wallet proven by signature to belong to the user. One account per wallet. */
@Entity('wallets')
// On lower(address), so letter case cannot make a second account: an expression TypeORM cannot declare, so
// it is only named here and the migration is its definition.
@Index('wallets_address_uq', { synchronize: false })
@Index('wallets_user_idx', ['userId'])
export class Wallet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { name: 'wallets_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  /** EIP-55 checksummed. */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'integer' })
  chainId: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  verifiedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
