import type { Logger } from 'pino';
import { erc20Abi, type Address, type ContractFunctionParameters } from 'viem';
import { aavePoolAbi } from './aave-pool.abi.js';
import type { ChainNode } from './chain-node.js';
import { isNodeFailure, shortMessage } from './node-failure.js';

export interface TokenBalance {
  symbol: string;
  amount: bigint;
  decimals: number;
}

/** Raw Aave v3 account data: base-currency amounts (8 decimals) and the health factor (18 decimals). */
export interface AaveAccount {
  collateralBase: bigint;
  debtBase: bigint;
  healthFactor: bigint;
}

export interface ContractReads {
  stablecoins: TokenBalance[];
  /** null when no pool is configured or the wallet has neither collateral nor debt there. */
  aave: AaveAccount | null;
}

type CallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: unknown };

/**
 * Stablecoin balances and the Aave account of `address` on one chain: one Multicall3 `aggregate3` when the
 * chain has a multicall address, else one eth_call each. A call that reverts (a token not deployed here, a
 * wrong pool address) reads as zero; a node failure fails the whole read.
 */
export async function readContracts(node: ChainNode, address: Address, logger: Logger): Promise<ContractReads> {
  const { stablecoins, aavePool, multicall3 } = node.config;
  const calls: ContractFunctionParameters[] = stablecoins.map((token) => ({
    address: token.address,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [address],
  }));
  if (aavePool)
    calls.push({ address: aavePool, abi: aavePoolAbi, functionName: 'getUserAccountData', args: [address] });
  if (!calls.length) return { stablecoins: [], aave: null };

  const results: CallResult[] = multicall3
    ? await node.client.multicall({
        contracts: calls,
        multicallAddress: multicall3,
        allowFailure: true,
        // One aggregate3 for the whole list, however long the calldata.
        batchSize: 0,
      })
    : await Promise.all(
        calls.map((call) =>
          node.client.readContract(call).then(
            (result): CallResult => ({ status: 'success', result }),
            (error: unknown): CallResult => ({ status: 'failure', error }),
          ),
        ),
      );

  const valueOf = (i: number): unknown => {
    const outcome = results[i];
    if (outcome.status === 'success') return outcome.result;
    if (isNodeFailure(outcome.error)) throw outcome.error;
    logger.warn(
      { chain: node.name, contract: calls[i].address, fn: calls[i].functionName, err: shortMessage(outcome.error) },
      'contract read failed; counted as empty',
    );
    return undefined;
  };

  const balances = stablecoins.map((token, i): TokenBalance => {
    const value = valueOf(i);
    return { symbol: token.symbol, decimals: token.decimals, amount: typeof value === 'bigint' ? value : 0n };
  });
  return { stablecoins: balances, aave: aavePool ? toAaveAccount(valueOf(stablecoins.length)) : null };
}

function toAaveAccount(value: unknown): AaveAccount | null {
  if (!Array.isArray(value) || value.length < 6 || !value.every((v) => typeof v === 'bigint')) return null;
  const [collateralBase, debtBase, , , , healthFactor] = value;
  if (collateralBase === 0n && debtBase === 0n) return null;
  return { collateralBase, debtBase, healthFactor };
}
