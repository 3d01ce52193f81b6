import { formatUnits } from 'viem';
import type { OnChainSignals } from './on-chain-signals.types.js';
import { AAVE_BASE_DECIMALS, AAVE_HEALTH_FACTOR_DECIMALS } from './aave-pool.abi.js';
import type { ChainWalletRead } from './chain-wallet-read.js';

const SECONDS_PER_DAY = 86_400;

/**
 * Folds the reads of every chain that answered into one OnChainSignals: counts, balances and Aave amounts are
 * summed (exactly, as decimal strings), the wallet is a contract if it is one anywhere, its age is the oldest
 * first transaction on any chain, and the health factor is the weakest one among chains with debt.
 */
export function aggregateSignals(address: string, reads: ChainWalletRead[], ensName: string | null): OnChainSignals {
  const ages = reads
    .filter((r) => r.firstTxTimestamp !== null)
    .map((r) => Math.max(0, Math.floor((r.headTimestamp - r.firstTxTimestamp!) / SECONDS_PER_DAY)));
  const positions = reads.flatMap((r) => (r.aave ? [r.aave] : []));
  const indebted = positions.filter((p) => p.debtBase > 0n);
  const weakest = indebted.length ? indebted.reduce((a, b) => (b.healthFactor < a.healthFactor ? b : a)) : null;

  return {
    available: true,
    address,
    chains: reads.map((r) => r.chain),
    txCount: reads.reduce((sum, r) => sum + r.nonce, 0),
    walletAgeDays: ages.length ? Math.max(...ages) : null,
    nativeBalance: sumDecimal(reads.map((r) => ({ amount: r.nativeBalance, decimals: r.nativeDecimals }))),
    stablecoinBalanceUsd: sumDecimal(reads.flatMap((r) => r.stablecoins)),
    isContract: reads.some((r) => r.isContract),
    aave: positions.length
      ? {
          collateralUsd: formatUnits(sum(positions.map((p) => p.collateralBase)), AAVE_BASE_DECIMALS),
          debtUsd: formatUnits(sum(positions.map((p) => p.debtBase)), AAVE_BASE_DECIMALS),
          healthFactor: weakest ? formatUnits(weakest.healthFactor, AAVE_HEALTH_FACTOR_DECIMALS) : null,
        }
      : null,
    liquidations: reads.reduce((total, r) => total + r.liquidations, 0),
    repayments: reads.reduce((total, r) => total + r.repayments, 0),
    ensName,
  };
}

/** Sum of amounts with different decimals, exact, as a decimal string without trailing zeros. */
export function sumDecimal(amounts: { amount: bigint; decimals: number }[]): string {
  if (!amounts.length) return '0';
  const scale = Math.max(...amounts.map((a) => a.decimals));
  const total = amounts.reduce((acc, a) => acc + a.amount * 10n ** BigInt(scale - a.decimals), 0n);
  return formatUnits(total, scale);
}

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}
