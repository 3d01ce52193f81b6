import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getAddress, type Address, type Chain } from 'viem';
import type { ParsedConfig } from '../config/config.schema.js';
import { ConfigError } from '../config/index.js';
import { chainSettingsFileSchema, type ChainSettingsEntry, type ChainSettingsFile } from './chain-settings.schema.js';
import { viemChain } from './viem-chains.js';

/** Mainnet and Polygon: USDC, USDT, DAI, the Aave v3 Pool and Multicall3. Copied beside the build by nest-cli. */
export const BUNDLED_CHAIN_SETTINGS = fileURLToPath(new URL('./chain-settings.default.json', import.meta.url));

export interface StablecoinSetting {
  symbol: string;
  address: Address;
  decimals: number;
}

/** Everything needed to read one chain. */
export interface ChainConfig {
  /** The viem chain name, as written in CHAIN. */
  name: string;
  chain: Chain;
  /** undefined: viem's default public RPC for the chain. */
  rpcUrl: string | undefined;
  /** null: no Multicall3 known for this chain, so each contract read is its own eth_call. */
  multicall3: Address | null;
  aavePool: Address | null;
  stablecoins: StablecoinSetting[];
  logWindowBlocks: number;
  logChunkBlocks: number;
}

export type BlockchainEnv = Pick<
  ParsedConfig,
  | 'CHAIN'
  | 'BLOCKCHAIN_RPC_URL'
  | 'CHAIN_SETTINGS_PATH'
  | 'BLOCKCHAIN_TIMEOUT_MS'
  | 'BLOCKCHAIN_RETRIES'
  | 'BLOCKCHAIN_BREAKER_THRESHOLD'
  | 'BLOCKCHAIN_BREAKER_COOLDOWN_MS'
  | 'BLOCKCHAIN_CACHE_TTL_SECONDS'
  | 'BLOCKCHAIN_CACHE_SIZE'
  | 'BLOCKCHAIN_READ_BUDGET_MS'
>;

/** The chain module's settings, resolved and checked once at boot. */
export class BlockchainSettings {
  constructor(
    readonly chains: ChainConfig[],
    /** Bound on one JSON-RPC request, retries included. */
    readonly timeoutMs: number,
    readonly retries: number,
    readonly breakerThreshold: number,
    readonly breakerCooldownMs: number,
    readonly cacheTtlMs: number,
    readonly cacheSize: number,
    /** Bound on the optional reads of one wallet (event scan, wallet age, ENS). */
    readonly readBudgetMs: number,
  ) {}

  static fromConfig(env: BlockchainEnv): BlockchainSettings {
    const names = env.CHAIN.split(',').map((n) => n.trim());
    const urls = (env.BLOCKCHAIN_RPC_URL ?? '').split(',').map((u) => u.trim());
    if (urls.length > names.length) {
      throw new ConfigError([
        `BLOCKCHAIN_RPC_URL=(hidden): lists ${urls.length} URLs for ${names.length} chain(s) in CHAIN; give one per chain, in the same order`,
      ]);
    }
    const file = readChainSettings(env.CHAIN_SETTINGS_PATH);
    const chains = names.map((name, i): ChainConfig => {
      const chain = viemChain(name);
      // The config schema already refused unknown names; this guards direct construction.
      if (!chain) throw new ConfigError([`CHAIN=${JSON.stringify(env.CHAIN)}: ${name} is not a viem chain name`]);
      const entry: Partial<ChainSettingsEntry> = file[name] ?? {};
      return {
        name,
        chain,
        rpcUrl: urls[i] || undefined,
        multicall3: entry.multicall3 ?? viemMulticall3(chain),
        aavePool: entry.aavePool ?? null,
        stablecoins: entry.stablecoins ?? [],
        logWindowBlocks: entry.logWindowBlocks ?? 10_000,
        logChunkBlocks: entry.logChunkBlocks ?? 2_000,
      };
    });
    return new BlockchainSettings(
      chains,
      env.BLOCKCHAIN_TIMEOUT_MS,
      env.BLOCKCHAIN_RETRIES,
      env.BLOCKCHAIN_BREAKER_THRESHOLD,
      env.BLOCKCHAIN_BREAKER_COOLDOWN_MS,
      env.BLOCKCHAIN_CACHE_TTL_SECONDS * 1000,
      env.BLOCKCHAIN_CACHE_SIZE,
      env.BLOCKCHAIN_READ_BUDGET_MS,
    );
  }
}

function viemMulticall3(chain: Chain): Address | null {
  const known = chain.contracts?.multicall3?.address;
  return known ? getAddress(known) : null;
}

/** Reads and schema-checks the per-chain settings file; every problem becomes one ConfigError line. */
export function readChainSettings(path: string | undefined): ChainSettingsFile {
  const file = path ?? BUNDLED_CHAIN_SETTINGS;
  const shown = `CHAIN_SETTINGS_PATH=${JSON.stringify(path ?? '')}${path ? '' : ' (bundled file)'}`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason =
      err instanceof SyntaxError ? `is not valid JSON (${err.message})` : `cannot be read (${(err as Error).message})`;
    throw new ConfigError([`${shown}: ${reason}`]);
  }
  const result = chainSettingsFileSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${shown}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`),
    );
  }
  return result.data;
}
