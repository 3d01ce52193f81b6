import { centsOrZero, ratioBps } from './decimal.js';
import type { OnChainSignals, PlatformSignals, ScoreInputs } from './score-inputs.js';

/**
 * How each characteristic's value is read from ScoreInputs. The model artifact names a signal by id;
 * only the ids here exist, so an artifact cannot ask for data the service does not collect.
 * A reader answers null when the value is unknown or does not apply; the characteristic then takes its
 * documented "no data" bin. Every on-chain reader answers null when on-chain data is unavailable.
 */
interface SignalReader {
  source: 'onChain' | 'platform';
  /** Whether the reader can answer null, so the artifact must give the characteristic a "no data" bin. */
  nullable: boolean;
  read: (inputs: ScoreInputs) => number | null;
}

const totalPayments = (p: PlatformSignals) => p.payments.onTime + p.payments.late + p.payments.missed;

// Any loan ever held on the platform; without one, "no defaults" says nothing and must not be praised.
const hasLoanHistory = (p: PlatformSignals) =>
  totalPayments(p) > 0 || p.loanTypes.length > 0 || p.defaultedLoans > 0 || centsOrZero(p.approvedCredit) > 0n;

// Any DeFi borrowing seen; without one, "no liquidations" says nothing.
const hasDefiHistory = (o: OnChainSignals) => o.aave !== null || o.repayments > 0 || o.liquidations > 0;

const onChain =
  (read: (o: OnChainSignals) => number | null): SignalReader['read'] =>
  ({ onChain: o }) =>
    o.available ? read(o) : null;

export const SIGNALS = {
  'platform.payments.onTime': { source: 'platform', nullable: false, read: (i) => i.platform.payments.onTime },
  'platform.payments.late': {
    source: 'platform',
    nullable: true,
    read: ({ platform: p }) => (totalPayments(p) > 0 ? p.payments.late : null),
  },
  'platform.payments.missed': {
    source: 'platform',
    nullable: true,
    read: ({ platform: p }) => (totalPayments(p) > 0 ? p.payments.missed : null),
  },
  'platform.defaultedLoans': {
    source: 'platform',
    nullable: true,
    read: ({ platform: p }) => (hasLoanHistory(p) ? p.defaultedLoans : null),
  },
  'platform.utilisationBps': {
    source: 'platform',
    nullable: true,
    read: ({ platform: p }) => {
      const owed = centsOrZero(p.outstandingDebt);
      const approved = centsOrZero(p.approvedCredit);
      if (approved === 0n) return owed === 0n ? null : 10_000;
      return ratioBps(owed, approved);
    },
  },
  'platform.accountAgeDays': { source: 'platform', nullable: false, read: (i) => i.platform.accountAgeDays },
  'platform.hardInquiries12m': { source: 'platform', nullable: false, read: (i) => i.platform.hardInquiries12m },
  'platform.verificationLevel': {
    source: 'platform',
    nullable: false,
    // KYC counts double: it is the only check that ties the account to a real identity document.
    read: ({ platform: { verifications: v } }) =>
      Number(v.email) + Number(v.phone) + Number(v.wallet) + 2 * Number(v.kyc),
  },
  'platform.loanTypeCount': {
    source: 'platform',
    nullable: false,
    read: (i) => new Set(i.platform.loanTypes).size,
  },
  'onChain.liquidations': {
    source: 'onChain',
    nullable: true,
    read: onChain((o) => (hasDefiHistory(o) ? o.liquidations : null)),
  },
  'onChain.repayments': {
    source: 'onChain',
    nullable: true,
    read: onChain((o) => (hasDefiHistory(o) ? o.repayments : null)),
  },
  'onChain.aaveDebtToCollateralBps': {
    source: 'onChain',
    nullable: true,
    read: onChain((o) => {
      const debt = o.aave ? centsOrZero(o.aave.debtUsd) : 0n;
      if (debt === 0n) return 0;
      const collateral = centsOrZero(o.aave?.collateralUsd);
      return collateral === 0n ? 10_000 : ratioBps(debt, collateral);
    }),
  },
  'onChain.stablecoinUsd': {
    source: 'onChain',
    nullable: true,
    // Whole dollars: the bins are in dollars and cents would only add noise.
    read: onChain((o) => Number(centsOrZero(o.stablecoinBalanceUsd) / 100n)),
  },
  'onChain.walletAgeDays': { source: 'onChain', nullable: true, read: onChain((o) => o.walletAgeDays) },
  'onChain.txCount': { source: 'onChain', nullable: true, read: onChain((o) => o.txCount) },
} as const satisfies Record<string, SignalReader>;

export type SignalId = keyof typeof SIGNALS;
export const SIGNAL_IDS = Object.keys(SIGNALS) as [SignalId, ...SignalId[]];

/** The characteristic's value, or null for its "no data" bin; a non-finite reading counts as no data. */
export function readSignal(id: SignalId, inputs: ScoreInputs): number | null {
  const value = (SIGNALS[id] as SignalReader).read(inputs);
  return value === null || !Number.isFinite(value) ? null : value;
}
