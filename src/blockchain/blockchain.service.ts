import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  compactSignatureToSignature,
  getAddress,
  isAddress,
  isHex,
  parseCompactSignature,
  serializeSignature,
  verifyMessage as verifyEoaSignature,
  type Address,
  type Hex,
} from 'viem';
import { ROOT_LOGGER } from '../common/logging/logger.js';
import { NO_ON_CHAIN, type OnChainSignals } from './on-chain-signals.types.js';
import { BlockchainSettings } from './blockchain-settings.js';
import { BlockchainError } from './blockchain.errors.js';
import { ChainNode } from './chain-node.js';
import { readChainWallet, type ChainWalletRead } from './chain-wallet-read.js';
import type { CircuitState } from './circuit-breaker.js';
import { settle } from './deadline.js';
import { LruCache } from './lru-cache.js';
import { isCircuitOpen, shortMessage } from './node-failure.js';
import { aggregateSignals } from './signals-aggregate.js';
import { hasEns } from './viem-chains.js';

/**
 * EIP-2098: a 64-byte signature is r followed by s with the y-parity in its top bit; key signatures are checked
 * in the 65-byte form. A contract wallet still gets the bytes as sent.
 */
function expandCompact(signature: Hex): Hex {
  if (signature.length !== 130) return signature;
  return serializeSignature(compactSignatureToSignature(parseCompactSignature(signature)));
}

export interface SignedMessage {
  address: string;
  message: string;
  signature: string;
}

/**
 * Wallet signals over plain JSON-RPC on every configured chain, and wallet signature checks. Node trouble never
 * surfaces as an exception: a chain that cannot be read is left out, and with none readable the signals say
 * `available: false` so scoring goes on without them.
 */
@Injectable()
export class BlockchainService {
  private readonly nodes: ChainNode[];
  private readonly reads: LruCache<ChainWalletRead>;
  private readonly ensNames: LruCache<string | null>;
  private readonly firstTx: LruCache<number>;
  private readonly logger: Logger;

  constructor(
    private readonly settings: BlockchainSettings,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'blockchain' });
    this.nodes = settings.chains.map((chain) => new ChainNode(chain, settings, this.logger));
    this.reads = new LruCache(settings.cacheSize, settings.cacheTtlMs);
    this.ensNames = new LruCache(settings.cacheSize, settings.cacheTtlMs);
    this.firstTx = new LruCache(settings.cacheSize, settings.cacheTtlMs);
  }

  /** Throws only for an address that is not one; answers `available: false` when no chain can be read. */
  async getWalletSignals(address: string): Promise<OnChainSignals> {
    if (!isAddress(address, { strict: false })) throw BlockchainError.invalidAddress();
    const wallet = getAddress(address);
    const ensName = this.ensName(wallet);
    const reads = await Promise.all(this.nodes.map((node) => this.readChain(node, wallet)));
    const answered = reads.filter((read): read is ChainWalletRead => read !== null);
    if (!answered.length) return { ...NO_ON_CHAIN, address: wallet, available: false };
    return aggregateSignals(wallet, answered, await ensName);
  }

  /**
   * Whether `signature` is `address`'s signature of `message` (EIP-191). A plain key signature is checked offline
   * first, so EOA logins never wait on the node and keep working while it is down; anything else goes to the
   * first chain's node, which also accepts contract wallets (ERC-1271) and undeployed ones (ERC-6492). Malformed
   * input and node failures answer false.
   */
  async verifyMessage({ address, message, signature }: SignedMessage): Promise<boolean> {
    if (typeof message !== 'string' || !isAddress(address, { strict: false }) || !isHex(signature, { strict: true }))
      return false;
    const wallet = getAddress(address);
    try {
      if (await verifyEoaSignature({ address: wallet, message, signature: expandCompact(signature) })) return true;
    } catch {
      // Not a plain 65-byte key signature; a contract wallet may still accept it.
    }
    const node = this.nodes[0];
    if (!node) return false;
    try {
      return await node.client.verifyMessage({ address: wallet, message, signature });
    } catch (err) {
      this.logger.debug({ chain: node.name, err: shortMessage(err) }, 'contract signature check failed');
      return false;
    }
  }

  /** The first configured chain's id: wallet records and EIP-4361 messages are bound to it. */
  get primaryChainId(): number {
    return this.settings.chains[0].chain.id;
  }

  /** Health: the first chain's node answers eth_blockNumber (at once `false` while its circuit is open). */
  async ping(): Promise<boolean> {
    const node = this.nodes[0];
    if (!node) return false;
    try {
      await node.client.request({ method: 'eth_blockNumber' });
      return true;
    } catch {
      return false;
    }
  }

  /** Circuit state per chain name, for operators and tests. */
  circuits(): Record<string, CircuitState> {
    return Object.fromEntries(this.nodes.map((node) => [node.name, node.breaker.state]));
  }

  private async readChain(node: ChainNode, wallet: Address): Promise<ChainWalletRead | null> {
    try {
      return await this.reads.getOrLoad(`${node.name}:${wallet}`, () =>
        readChainWallet(node, wallet, {
          budgetMs: this.settings.readBudgetMs,
          firstTx: this.firstTx,
          logger: this.logger,
        }),
      );
    } catch (err) {
      // An open circuit is expected while the node is down, and was logged when it opened.
      const level = isCircuitOpen(err) ? 'debug' : 'warn';
      this.logger[level](
        { chain: node.name, err: shortMessage(err) },
        'chain read failed; on-chain signals skipped for it',
      );
      return null;
    }
  }

  /** The reverse ENS name, from the first chain that has ENS; never fails the wallet read. */
  private async ensName(wallet: Address): Promise<string | null> {
    const node = this.nodes.find((n) => hasEns(n.config.chain));
    if (!node) return null;
    const key = `${node.name}:${wallet}`;
    const cached = this.ensNames.get(key);
    if (cached !== undefined) return cached;
    let failed = false;
    const name = await settle(
      node.client.getEnsName({ address: wallet }),
      this.settings.readBudgetMs,
      'ENS lookup',
      null,
      (err) => {
        failed = true;
        this.logger.debug({ chain: node.name, err: shortMessage(err) }, 'ENS lookup skipped');
      },
    );
    if (!failed) this.ensNames.set(key, name);
    return name;
  }
}
