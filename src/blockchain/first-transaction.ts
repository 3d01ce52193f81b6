import type { Address } from 'viem';
import type { ChainNode } from './chain-node.js';

/**
 * The block in which `address` first used its nonce — its first sent transaction, or for a contract its
 * creation (EIP-161 starts contract nonces at 1) — by binary search on the historical nonce between genesis
 * and `head`: about log2(head) eth_getTransactionCount calls, no indexer needed. null when the nonce is
 * still 0 at `head`. A node without historical state answers with an error, which the caller turns into
 * "age unknown".
 */
export async function findFirstTransactionBlock(
  node: ChainNode,
  address: Address,
  head: bigint,
): Promise<bigint | null> {
  const nonceAt = (blockNumber: bigint) => node.client.getTransactionCount({ address, blockNumber });
  if ((await nonceAt(head)) === 0) return null;
  // Invariant: the nonce is 0 at `low` (or low is before genesis) and positive at `high`.
  let low = -1n;
  let high = head;
  while (high - low > 1n) {
    const mid = (low + high) / 2n;
    if ((await nonceAt(mid)) > 0) high = mid;
    else low = mid;
  }
  return high;
}
