import type { Logger } from 'pino';
import type { Address } from 'viem';
import { allSettledOrThrow } from './all-settled.js';
import type { ChainNode } from './chain-node.js';
import { readContracts, type AaveAccount, type TokenBalance } from './contract-reads.js';
import { settle } from './deadline.js';
import { findFirstTransactionBlock } from './first-transaction.js';
import type { LruCache } from './lru-cache.js';
import { isNodeFailure, shortMessage } from './node-failure.js';
import { countPoolEvents, type PoolEventCounts } from './pool-events.js';

/** What one chain says about a wallet, in raw units; the aggregate turns reads of all chains into signals. */
export interface ChainWalletRead {
  chain: string;
  nonce: number;
  nativeBalance: bigint;
  nativeDecimals: number;
  stablecoins: TokenBalance[];
  isContract: boolean;
  aave: AaveAccount | null;
  liquidations: number;
  repayments: number;
  /** Unix seconds of the block read (chain time, so a test chain or a lagging node agrees with itself). */
  headTimestamp: number;
  /** Unix seconds of the block of the first transaction; null when none or the node keeps no history. */
  firstTxTimestamp: number | null;
}

export interface ReadOptions {
  /** Time the optional reads (event scan, wallet age) may take, counted from the start of the read. */
  budgetMs: number;
  /** First-transaction timestamps by chain and address: history does not change, so they outlive wallet reads. */
  firstTx: LruCache<number>;
  logger: Logger;
}

/** An EIP-7702 delegation (0xef0100 ‖ address) leaves an EOA an EOA: someone still holds its key. */
const DELEGATION_PREFIX = '0xef0100';
/** First-transaction blocks are final long before this. */
const FIRST_TX_TTL_MS = 24 * 3600 * 1000;

/**
 * Reads one chain. The core reads (latest block, nonce, balance, code, one multicall) go out together, so a dead
 * node fails them all at once and opens the circuit in a single read; after a cool-down the latest block goes
 * alone first, as the breaker's one trial call. The event scan starts once the latest block pins its window,
 * the age search once the nonce says there is history. A failed core read fails the chain; the optional reads
 * give up at the budget and leave zeros / null.
 */
export async function readChainWallet(
  node: ChainNode,
  address: Address,
  options: ReadOptions,
): Promise<ChainWalletRead> {
  const started = Date.now();
  const remaining = () => options.budgetMs - (Date.now() - started);
  // A dead node is already logged once, when its circuit opens; anything else is worth a warning.
  const giveUp = (what: string) => (err: unknown) =>
    options.logger[isNodeFailure(err) ? 'debug' : 'warn'](
      { chain: node.name, err: shortMessage(err) },
      `${what} skipped`,
    );

  const latest = node.client.getBlock({ blockTag: 'latest' });
  if (node.breaker.state !== 'closed') await latest;
  const pool = node.config.aavePool;
  const noEvents: PoolEventCounts = { liquidations: 0, repayments: 0 };
  const events = pool
    ? settle(
        latest.then((head) => countPoolEvents(node, pool, address, head.number)),
        remaining(),
        'Aave event scan',
        noEvents,
        giveUp('Aave event scan'),
      )
    : Promise.resolve(noEvents);

  // Every core request has ended (and told the breaker) before the read answers, even when one fails early.
  const [head, nonce, nativeBalance, code, contracts] = await allSettledOrThrow([
    latest,
    node.client.getTransactionCount({ address, blockTag: 'latest' }),
    node.client.getBalance({ address, blockTag: 'latest' }),
    node.client.getCode({ address, blockTag: 'latest' }),
    readContracts(node, address, options.logger),
  ]);

  const firstTx =
    nonce > 0
      ? settle(
          firstTxTimestamp(node, address, head.number, options),
          remaining(),
          'wallet age',
          null,
          giveUp('wallet age'),
        )
      : null;
  const [counts, firstTxAt] = await Promise.all([events, firstTx]);

  return {
    chain: node.name,
    nonce,
    nativeBalance,
    nativeDecimals: node.config.chain.nativeCurrency.decimals,
    stablecoins: contracts.stablecoins,
    isContract: Boolean(code && code !== '0x' && !code.toLowerCase().startsWith(DELEGATION_PREFIX)),
    aave: contracts.aave,
    liquidations: counts.liquidations,
    repayments: counts.repayments,
    headTimestamp: Number(head.timestamp),
    firstTxTimestamp: firstTxAt,
  };
}

async function firstTxTimestamp(
  node: ChainNode,
  address: Address,
  head: bigint,
  options: ReadOptions,
): Promise<number | null> {
  const key = `${node.name}:${address}`;
  const cached = options.firstTx.get(key);
  if (cached !== undefined) return cached;
  const block = await findFirstTransactionBlock(node, address, head);
  if (block === null) return null;
  const { timestamp } = await node.client.getBlock({ blockNumber: block });
  options.firstTx.set(key, Number(timestamp), FIRST_TX_TTL_MS);
  return Number(timestamp);
}
