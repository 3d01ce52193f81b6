/**
 * What a wallet's chains say about its owner, as the blockchain module reads them and the credit scorecard
 * consumes them. Money and token amounts are decimal strings (never floats).
 */
export interface OnChainSignals {
  /** false when no wallet was given or the node could not be reached: on-chain characteristics are skipped. */
  available: boolean;
  /** Checksummed address read, or null. */
  address: string | null;
  /** viem chain names that answered, e.g. ['mainnet', 'polygon']. */
  chains: string[];
  /** Transactions sent (account nonce), summed over chains. */
  txCount: number;
  /** Days since the first transaction, where the node serves history; null when unknown. */
  walletAgeDays: number | null;
  /** Native coin balance in whole units (ether), summed over chains, decimal string. */
  nativeBalance: string;
  /** Sum of configured stablecoin balances, in USD (1 token = 1 USD), decimal string. */
  stablecoinBalanceUsd: string;
  /** true when the address holds contract code (a smart-contract wallet). */
  isContract: boolean;
  /** Aave v3 position where a pool is configured for a chain and the wallet has one; null otherwise. */
  aave: {
    collateralUsd: string;
    debtUsd: string;
    /** null when there is no debt (infinite health factor). */
    healthFactor: string | null;
  } | null;
  /** LiquidationCall events where this wallet was the borrower, within the scanned window. */
  liquidations: number;
  /** Repay events by this wallet, within the scanned window. */
  repayments: number;
  ensName: string | null;
}

/** The signals of a user without a wallet, or when no node answers. */
export const NO_ON_CHAIN: OnChainSignals = {
  available: false,
  address: null,
  chains: [],
  txCount: 0,
  walletAgeDays: null,
  nativeBalance: '0',
  stablecoinBalanceUsd: '0',
  isContract: false,
  aave: null,
  liquidations: 0,
  repayments: 0,
  ensName: null,
};
