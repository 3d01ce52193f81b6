import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A wallet proven by signature to belong to the user. One account per wallet. */
@Entity('wallets')
export class Wallet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** EIP-55 checksummed. */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'integer' })
  chainId: number;

  @Column({ type: 'timestamptz' })
  verifiedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
