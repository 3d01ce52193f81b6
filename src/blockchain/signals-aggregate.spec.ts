import { aggregateSignals, sumDecimal } from './signals-aggregate.js';
import type { ChainWalletRead } from './chain-wallet-read.js';

const read = (overrides: Partial<ChainWalletRead>): ChainWalletRead => ({
  chain: 'mainnet',
  nonce: 0,
  nativeBalance: 0n,
  nativeDecimals: 18,
  stablecoins: [],
  isContract: false,
  aave: null,
  liquidations: 0,
  repayments: 0,
  headTimestamp: 1_700_000_000,
  firstTxTimestamp: null,
  ...overrides,
});

describe('sumDecimal', () => {
  it('adds amounts of different decimals exactly', () => {
    expect(
      sumDecimal([
        { amount: 1_500_250_000n, decimals: 6 },
        { amount: 100_500_000_000_000_000_000n, decimals: 18 },
        { amount: 1n, decimals: 18 },
      ]),
    ).toBe('1600.750000000000000001');
    expect(sumDecimal([])).toBe('0');
  });
});

describe('aggregateSignals', () => {
  it('sums over chains, keeps the oldest wallet age and the weakest health factor', () => {
    const signals = aggregateSignals(
      '0xAbC',
      [
        read({
          chain: 'mainnet',
          nonce: 3,
          nativeBalance: 1_500_000_000_000_000_000n,
          stablecoins: [{ symbol: 'USDC', amount: 10_000_000n, decimals: 6 }],
          aave: { collateralBase: 1_000_00000000n, debtBase: 400_00000000n, healthFactor: 2_100000000000000000n },
          liquidations: 1,
          repayments: 2,
          firstTxTimestamp: 1_700_000_000 - 100 * 86_400 - 5,
        }),
        read({
          chain: 'polygon',
          nonce: 7,
          nativeBalance: 250_000_000_000_000_000n,
          stablecoins: [{ symbol: 'DAI', amount: 5_250_000_000_000_000_000n, decimals: 18 }],
          aave: { collateralBase: 50_00000000n, debtBase: 30_00000000n, healthFactor: 1_050000000000000000n },
          repayments: 1,
          isContract: true,
          firstTxTimestamp: 1_700_000_000 - 10 * 86_400,
        }),
      ],
      'alice.eth',
    );
    expect(signals).toEqual({
      available: true,
      address: '0xAbC',
      chains: ['mainnet', 'polygon'],
      txCount: 10,
      walletAgeDays: 100,
      nativeBalance: '1.75',
      stablecoinBalanceUsd: '15.25',
      isContract: true,
      aave: { collateralUsd: '1050', debtUsd: '430', healthFactor: '1.05' },
      liquidations: 1,
      repayments: 3,
      ensName: 'alice.eth',
    });
  });

  it('reports no health factor when there is collateral but no debt', () => {
    const signals = aggregateSignals(
      '0xAbC',
      [read({ aave: { collateralBase: 10_00000000n, debtBase: 0n, healthFactor: 2n ** 256n - 1n } })],
      null,
    );
    expect(signals.aave).toEqual({ collateralUsd: '10', debtUsd: '0', healthFactor: null });
    expect(signals.walletAgeDays).toBeNull();
  });
});
