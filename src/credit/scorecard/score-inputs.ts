import type { OnChainSignals } from '../../blockchain/on-chain-signals.types.js';

// On-chain signals are the blockchain module's; the scorecard's own vocabulary re-exports them.
export { NO_ON_CHAIN, type OnChainSignals } from '../../blockchain/on-chain-signals.types.js';

/**
 * What the scorecard reads. The BlockchainModule produces OnChainSignals, the CreditModule gathers
 * PlatformSignals from users and loans; both are stored with every score so it can be explained later.
 * Money and token amounts are decimal strings (never floats).
 */
export interface PlatformSignals {
  accountAgeDays: number;
  verifications: { email: boolean; phone: boolean; wallet: boolean; kyc: boolean };
  payments: { onTime: number; late: number; missed: number };
  /** Principal still owed on disbursed loans, decimal string. */
  outstandingDebt: string;
  /** Total approved amount of active and repaid loans, decimal string. */
  approvedCredit: string;
  /** Loan applications (hard inquiries) in the last 12 months. */
  hardInquiries12m: number;
  /** Distinct loan types ever approved: personal, mortgage, auto, business. */
  loanTypes: string[];
  defaultedLoans: number;
}

export interface ScoreInputs {
  onChain: OnChainSignals;
  platform: PlatformSignals;
}
