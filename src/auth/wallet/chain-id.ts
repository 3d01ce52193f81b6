import * as chains from 'viem/chains';

/** The chain id of the first chain named in CHAIN (e.g. `mainnet` → 1, `hardhat` → 31337). */
export function chainIdOf(chainSetting: string): number {
  const name = chainSetting.split(',')[0].trim();
  const chain = (chains as Record<string, { id?: number } | undefined>)[name];
  return chain?.id ?? 1;
}
