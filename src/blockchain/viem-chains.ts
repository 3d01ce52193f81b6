import type { Chain } from 'viem';
import * as chains from 'viem/chains';

/** The viem chain exported under `name` (mainnet, polygon, sepolia, hardhat, …), or undefined. */
export function viemChain(name: string): Chain | undefined {
  const chain = (chains as Record<string, unknown>)[name];
  return typeof chain === 'object' && chain !== null && typeof (chain as { id?: unknown }).id === 'number'
    ? (chain as Chain)
    : undefined;
}

/** ENS lives only where viem knows a universal resolver (mainnet, sepolia, …); elsewhere a lookup is pointless. */
export function hasEns(chain: Chain): boolean {
  return Boolean(chain.contracts?.ensUniversalResolver);
}
