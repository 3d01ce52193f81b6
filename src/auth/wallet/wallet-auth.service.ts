import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isHex } from 'viem';
import { BlockchainService } from '../../blockchain/blockchain.service.js';
import { AppConfig } from '../../config/index.js';
import { AuthError } from '../auth.errors.js';
import { allowedSiweDomains, originHost, type SiweDomain } from './siwe-domains.js';
import { checkWalletAddress } from './wallet-address.js';
import { readWalletMessage, welcomeMessage, type ParsedWalletMessage } from './wallet-message.js';
import { WalletNoncesRepository } from './wallet-nonces.repository.js';

export const NONCE_TTL_SECONDS = 300;
/** Clock skew allowed between the wallet and this server. */
const SKEW_SECONDS = 60;

/** EIP-4361's fields under the names viem's createSiweMessage and the siwe package's SiweMessage take. */
export interface SiweFields {
  domain: string;
  address: `0x${string}`;
  statement: string;
  uri: string;
  version: '1';
  chainId: number;
  nonce: string;
  issuedAt: string;
  expirationTime: string;
}

export interface IssuedNonce {
  nonce: string;
  message: string;
  issued_at: string;
  expires_at: string;
  siwe: SiweFields;
}

export interface WalletProof {
  wallet_address: string;
  message: string;
  signature: string;
}

/** What a nonce request says about where the user signs in: a `domain` it names, or its Origin header. */
export interface NonceTarget {
  domain?: string;
  origin?: string;
}

export const SIWE_STATEMENT = 'Sign in to BlockScore.';

/**
 * Server-issued, single-use nonces bound to an address; a signed message must carry one (in seed 003's
 * template or as EIP-4361) and be fresh, for an allowed domain and this chain. Each way a message can fail
 * has its own code, so a dapp can tell a misconfigured domain or chain from a forged signature.
 */
@Injectable()
export class WalletAuthService {
  private readonly domains: SiweDomain[];
  private readonly chainId: number;

  constructor(
    private readonly nonces: WalletNoncesRepository,
    config: AppConfig,
    private readonly blockchain: BlockchainService,
  ) {
    this.domains = allowedSiweDomains(config.env);
    this.chainId = blockchain.primaryChainId;
  }

  get expectedChainId(): number {
    return this.chainId;
  }

  checksum(address: string, field = 'wallet_address'): `0x${string}` {
    const checked = checkWalletAddress(address);
    if (checked.ok) return checked.address;
    throw checked.reason === 'checksum' ? AuthError.badAddressChecksum(field) : AuthError.invalidWalletAddress(field);
  }

  /** The named domain (refused unless allowed), else the Origin's host when allowed, else the first allowed. */
  private domainFor(target: NonceTarget): SiweDomain {
    const allowed = this.domains.map((d) => d.domain);
    if (target.domain !== undefined) {
      const named = this.domains.find((d) => d.domain === target.domain?.toLowerCase());
      if (!named) throw AuthError.nonceDomainNotAllowed(allowed);
      return named;
    }
    const origin = originHost(target.origin);
    const fromOrigin = this.domains.find((d) => d.domain === origin);
    return fromOrigin ? { domain: fromOrigin.domain, uri: new URL(target.origin as string).origin } : this.domains[0];
  }

  async issueNonce(rawAddress: string, target: NonceTarget = {}): Promise<IssuedNonce> {
    const address = this.checksum(rawAddress);
    const { domain, uri } = this.domainFor(target);
    const nonce = randomBytes(16).toString('hex'); // 128 bits
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + NONCE_TTL_SECONDS * 1000);
    await this.nonces.insert({ nonce, address: address.toLowerCase(), issuedAt, expiresAt });
    return {
      nonce,
      message: welcomeMessage(address, nonce, Math.floor(issuedAt.getTime() / 1000)),
      issued_at: issuedAt.toISOString(),
      expires_at: expiresAt.toISOString(),
      siwe: {
        domain,
        address,
        statement: SIWE_STATEMENT,
        uri,
        version: '1',
        chainId: this.chainId,
        nonce,
        issuedAt: issuedAt.toISOString(),
        expirationTime: expiresAt.toISOString(),
      },
    };
  }

  /** Checks message, signature and nonce; consumes the nonce last so a bad signature cannot burn it. */
  async verifyProof(proof: WalletProof): Promise<`0x${string}`> {
    const address = this.checksum(proof.wallet_address);
    const parsed = readWalletMessage(proof.message);
    if ('fault' in parsed) {
      throw parsed.fault === 'checksum' ? AuthError.badAddressChecksum('message') : AuthError.malformedWalletMessage();
    }
    if (parsed.address !== address) throw AuthError.messageAddressMismatch();
    this.checkValidity(parsed, Date.now());
    // 64 bytes is an EIP-2098 compact signature, 65 a plain one; contract wallets (ERC-1271/6492) send more.
    if (!isHex(proof.signature) || proof.signature.length < 130) throw AuthError.invalidWalletSignature();
    // EOA signatures are checked offline; contract wallets through the configured node.
    const valid = await this.blockchain.verifyMessage({ address, message: proof.message, signature: proof.signature });
    if (!valid) throw AuthError.invalidWalletSignature();
    if (!(await this.nonces.consume(parsed.nonce, address.toLowerCase()))) throw AuthError.invalidNonce();
    return address;
  }

  /** Domain, chain and time window; the nonce's own expiry is enforced when it is consumed. */
  private checkValidity(parsed: ParsedWalletMessage, now: number): void {
    const issued = parsed.kind === 'welcome' ? parsed.timestamp * 1000 : parsed.issuedAt.getTime();
    if (parsed.kind === 'siwe') {
      if (!this.domains.some((d) => d.domain === parsed.domain)) {
        throw AuthError.domainNotAllowed(
          parsed.domain,
          this.domains.map((d) => d.domain),
        );
      }
      if (parsed.chainId !== this.chainId) throw AuthError.wrongChain(parsed.chainId, this.chainId);
      if (parsed.expirationTime !== undefined && parsed.expirationTime.getTime() <= now) {
        throw AuthError.messageExpired();
      }
      if (parsed.notBefore !== undefined && parsed.notBefore.getTime() > now + SKEW_SECONDS * 1000) {
        throw AuthError.messageNotYetValid();
      }
    }
    if (issued > now + SKEW_SECONDS * 1000) throw AuthError.messageNotYetValid();
    if (now - issued > (NONCE_TTL_SECONDS + SKEW_SECONDS) * 1000) throw AuthError.messageExpired();
  }
}
