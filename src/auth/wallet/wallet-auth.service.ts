import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { getAddress, isAddress, isHex } from 'viem';
import { BlockchainService } from '../../blockchain/blockchain.service.js';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';
import { parseWalletMessage, welcomeMessage } from './wallet-message.js';
import { WalletNoncesRepository } from './wallet-nonces.repository.js';

export const NONCE_TTL_SECONDS = 300;
/** Clock skew allowed between the wallet and this server. */
const SKEW_SECONDS = 60;

export interface IssuedNonce {
  nonce: string;
  message: string;
  issued_at: string;
  expires_at: string;
}

export interface WalletProof {
  wallet_address: string;
  message: string;
  signature: string;
}

/**
 * Server-issued, single-use nonces bound to an address; a signed message must carry one (in seed 003's
 * template or as EIP-4361) and be fresh, for this domain and chain.
 */
@Injectable()
export class WalletAuthService {
  private readonly domain: string;
  private readonly chainId: number;

  constructor(
    private readonly nonces: WalletNoncesRepository,
    config: AppConfig,
    private readonly blockchain: BlockchainService,
  ) {
    this.domain = new URL(config.env.APP_URL).host;
    this.chainId = blockchain.primaryChainId;
  }

  get expectedChainId(): number {
    return this.chainId;
  }

  checksum(address: string, field = 'wallet_address'): `0x${string}` {
    if (!isAddress(address, { strict: false })) {
      throw AuthError.invalidWalletAddress(field);
    }
    return getAddress(address);
  }

  async issueNonce(rawAddress: string): Promise<IssuedNonce> {
    const address = this.checksum(rawAddress);
    const nonce = randomBytes(16).toString('hex'); // 128 bits
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + NONCE_TTL_SECONDS * 1000);
    await this.nonces.insert({ nonce, address: address.toLowerCase(), issuedAt, expiresAt });
    return {
      nonce,
      message: welcomeMessage(address, nonce, Math.floor(issuedAt.getTime() / 1000)),
      issued_at: issuedAt.toISOString(),
      expires_at: expiresAt.toISOString(),
    };
  }

  /** Checks message, signature and nonce; consumes the nonce last so a bad signature cannot burn it. */
  async verifyProof(proof: WalletProof): Promise<`0x${string}`> {
    const address = this.checksum(proof.wallet_address);
    const parsed = parseWalletMessage(proof.message);
    if (!parsed || parsed.address !== address) throw AuthError.invalidWalletSignature();
    const now = Date.now();
    if (parsed.kind === 'welcome') {
      const age = now / 1000 - parsed.timestamp;
      if (age > NONCE_TTL_SECONDS + SKEW_SECONDS || age < -SKEW_SECONDS) throw AuthError.invalidWalletSignature();
    } else {
      const issuedAge = (now - parsed.issuedAt.getTime()) / 1000;
      const stale = issuedAge > NONCE_TTL_SECONDS + SKEW_SECONDS || issuedAge < -SKEW_SECONDS;
      const expired = parsed.expirationTime !== undefined && parsed.expirationTime.getTime() <= now;
      const early = parsed.notBefore !== undefined && parsed.notBefore.getTime() > now + SKEW_SECONDS * 1000;
      if (parsed.domain !== this.domain || parsed.chainId !== this.chainId || stale || expired || early) {
        throw AuthError.invalidWalletSignature();
      }
    }
    if (!isHex(proof.signature) || proof.signature.length < 132) throw AuthError.invalidWalletSignature();
    // EOA signatures are checked offline; contract wallets (ERC-1271/6492) through the configured node.
    const valid = await this.blockchain.verifyMessage({ address, message: proof.message, signature: proof.signature });
    if (!valid) throw AuthError.invalidWalletSignature();
    if (!(await this.nonces.consume(parsed.nonce, address.toLowerCase()))) throw AuthError.invalidNonce();
    return address;
  }
}
