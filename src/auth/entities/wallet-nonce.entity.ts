import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A nonce for a wallet sign-in message; used once, so a signed message cannot be replayed. */
@Entity('wallet_nonces')
export class WalletNonce {
  @PrimaryColumn({ type: 'text' })
  nonce: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
