import type { Address } from 'viem';
import { liquidationCallEvent, repayEvent } from './aave-pool.abi.js';
import type { ChainNode } from './chain-node.js';
import { mapWithLimit } from './map-with-limit.js';

export interface PoolEventCounts {
  liquidations: number;
  repayments: number;
}

/** Chunks scanned at once: enough to hide latency, few enough not to trip a provider's rate limit. */
const PARALLEL_CHUNKS = 4;

/**
 * Counts the pool's LiquidationCall events where `user` was the borrower and its Repay events for `user`'s
 * debt over the last `logWindowBlocks` blocks up to `head`, in `logChunkBlocks` ranges (providers cap the
 * range one eth_getLogs may span). The node filters by the indexed `user` topic, so nothing else is sent back.
 */
export async function countPoolEvents(
  node: ChainNode,
  pool: Address,
  user: Address,
  head: bigint,
): Promise<PoolEventCounts> {
  const window = BigInt(node.config.logWindowBlocks);
  const chunk = BigInt(node.config.logChunkBlocks);
  const first = head - window + 1n > 0n ? head - window + 1n : 0n;
  const ranges: [bigint, bigint][] = [];
  for (let from = first; from <= head; from += chunk)
    ranges.push([from, from + chunk - 1n < head ? from + chunk - 1n : head]);

  const counts = await mapWithLimit(ranges, PARALLEL_CHUNKS, async ([fromBlock, toBlock]) => {
    const [liquidations, repayments] = await Promise.all([
      node.client.getLogs({ address: pool, event: liquidationCallEvent, args: { user }, fromBlock, toBlock }),
      node.client.getLogs({ address: pool, event: repayEvent, args: { user }, fromBlock, toBlock }),
    ]);
    return { liquidations: liquidations.length, repayments: repayments.length };
  });
  return counts.reduce(
    (sum, c) => ({ liquidations: sum.liquidations + c.liquidations, repayments: sum.repayments + c.repayments }),
    { liquidations: 0, repayments: 0 },
  );
}
