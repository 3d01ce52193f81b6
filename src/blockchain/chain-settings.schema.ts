import { getAddress, isAddress } from 'viem';
import { z } from 'zod';
import { viemChain } from './viem-chains.js';

const address = z
  .string()
  .refine((v) => isAddress(v), { message: 'accepts a 0x address (all lower case or correctly checksummed)' })
  .transform((v) => getAddress(v));

const token = z.strictObject({
  symbol: z.string().min(1).max(20),
  address,
  decimals: z.number().int().min(0).max(36),
});

const chainSettings = z
  .strictObject({
    /** Multicall3 (aggregate3); without one, the chain's viem default, else one call per read. */
    multicall3: address.optional(),
    /** Aave v3 Pool: getUserAccountData and the LiquidationCall / Repay logs. */
    aavePool: address.optional(),
    /** Stablecoins counted 1 token = 1 USD. */
    stablecoins: z.array(token).max(50).default([]),
    /** How far back the Aave event scan looks, and how many blocks one eth_getLogs may span. */
    logWindowBlocks: z.number().int().min(1).max(10_000_000).default(10_000),
    logChunkBlocks: z.number().int().min(1).max(1_000_000).default(2_000),
  })
  .refine((s) => s.logChunkBlocks <= s.logWindowBlocks, {
    message: 'logChunkBlocks must not exceed logWindowBlocks',
    path: ['logChunkBlocks'],
  });

/** The file CHAIN_SETTINGS_PATH points at: per viem chain name, what to read there. */
export const chainSettingsFileSchema = z.record(z.string(), chainSettings).superRefine((file, ctx) => {
  for (const name of Object.keys(file)) {
    if (!viemChain(name))
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'is not a viem chain name (mainnet, polygon, sepolia, hardhat, …)',
      });
  }
});

export type ChainSettingsFile = z.output<typeof chainSettingsFileSchema>;
export type ChainSettingsEntry = ChainSettingsFile[string];
