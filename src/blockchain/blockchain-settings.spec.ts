import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/load-config.js';
import { BlockchainSettings, readChainSettings } from './blockchain-settings.js';

const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';

describe('blockchain settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chain-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (content: unknown) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('defaults to mainnet on its public RPC with the bundled tokens, Aave pool and Multicall3', () => {
    const settings = BlockchainSettings.fromConfig(parseConfig({}));
    expect(settings.chains).toHaveLength(1);
    const [mainnet] = settings.chains;
    expect(mainnet).toMatchObject({
      name: 'mainnet',
      rpcUrl: undefined,
      multicall3: MULTICALL3,
      aavePool: '0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2',
    });
    expect(mainnet.stablecoins.map((t) => t.symbol)).toEqual(['USDC', 'USDT', 'DAI']);
    expect(settings.timeoutMs).toBe(3000);
    expect(settings.cacheTtlMs).toBe(300_000);
  });

  it('lines RPC URLs up with chains by position, an empty entry meaning the default', () => {
    const settings = BlockchainSettings.fromConfig(
      parseConfig({ CHAIN: 'mainnet, polygon', BLOCKCHAIN_RPC_URL: ',https://polygon.example/rpc' }),
    );
    expect(settings.chains.map((c) => [c.name, c.rpcUrl, c.chain.id])).toEqual([
      ['mainnet', undefined, 1],
      ['polygon', 'https://polygon.example/rpc', 137],
    ]);
    expect(settings.chains[1].aavePool).toBe('0x794a61358D6845594F94dc1DB02A252b5b4814aD');
  });

  it('falls back to viem’s Multicall3 for a chain missing from the file, and to none where viem has none', () => {
    const settings = BlockchainSettings.fromConfig(parseConfig({ CHAIN: 'sepolia,hardhat' }));
    expect(settings.chains.map((c) => [c.name, c.multicall3, c.aavePool, c.stablecoins.length])).toEqual([
      ['sepolia', MULTICALL3, null, 0],
      ['hardhat', null, null, 0],
    ]);
  });

  it('refuses unknown chain names and more URLs than chains, naming the variable', () => {
    expect(() => parseConfig({ CHAIN: 'mainnet,notachain' })).toThrow(
      /CHAIN="mainnet,notachain": .*unknown: notachain/,
    );
    expect(() => parseConfig({ CHAIN: 'mainnet,mainnet' })).toThrow(/CHAIN=.*names a chain twice/);
    expect(() => parseConfig({ BLOCKCHAIN_RPC_URL: 'ftp://node' })).toThrow(
      /BLOCKCHAIN_RPC_URL=\(hidden\): accepts a comma-separated list/,
    );
    expect(() => BlockchainSettings.fromConfig(parseConfig({ BLOCKCHAIN_RPC_URL: 'http://a,http://b' }))).toThrow(
      /BLOCKCHAIN_RPC_URL.*2 URLs for 1 chain/,
    );
  });

  it('keeps request timeout and cache TTL within the documented bounds', () => {
    expect(() => parseConfig({ BLOCKCHAIN_TIMEOUT_MS: '5000' })).toThrow(
      /BLOCKCHAIN_TIMEOUT_MS="5000": accepts a whole number from 100 to 3000/,
    );
    expect(() => parseConfig({ BLOCKCHAIN_CACHE_TTL_SECONDS: '600' })).toThrow(/BLOCKCHAIN_CACHE_TTL_SECONDS/);
  });

  it('reads a settings file and checks it against the schema', () => {
    const path = file({
      hardhat: {
        multicall3: MULTICALL3.toLowerCase(),
        stablecoins: [{ symbol: 'USDC', address: '0x5fbdb2315678afecb367f032d93f642f64180aa3', decimals: 6 }],
        logWindowBlocks: 100,
        logChunkBlocks: 10,
      },
    });
    const settings = BlockchainSettings.fromConfig(parseConfig({ CHAIN: 'hardhat', CHAIN_SETTINGS_PATH: path }));
    expect(settings.chains[0]).toMatchObject({
      multicall3: MULTICALL3,
      aavePool: null,
      stablecoins: [{ symbol: 'USDC', address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', decimals: 6 }],
      logWindowBlocks: 100,
      logChunkBlocks: 10,
    });
  });

  it('lists every problem of a bad settings file with its path', () => {
    const path = file({
      mainnet: {
        aavePool: '0x1234',
        stablecoins: [{ symbol: 'USDC', address: MULTICALL3, decimals: 99 }],
        surprise: 1,
      },
      notachain: {},
    });
    let problems: string[] = [];
    try {
      readChainSettings(path);
    } catch (err) {
      problems = (err as { problems: string[] }).problems;
    }
    expect(problems.join('\n')).toMatch(/CHAIN_SETTINGS_PATH=.*: notachain: is not a viem chain name/);
    expect(problems.join('\n')).toMatch(/mainnet\.aavePool: accepts a 0x address/);
    expect(problems.join('\n')).toMatch(/mainnet\.stablecoins\.0\.decimals/);
    expect(problems.join('\n')).toMatch(/mainnet: .*surprise/);
  });

  it('refuses a checksum typo, a chunk wider than the window, broken JSON and a missing file', () => {
    const typo = MULTICALL3.replace('cA11', 'Ca11');
    expect(() => readChainSettings(file({ mainnet: { multicall3: typo } }))).toThrow(
      /mainnet\.multicall3: accepts a 0x address/,
    );
    expect(() => readChainSettings(file({ mainnet: { logWindowBlocks: 10, logChunkBlocks: 20 } }))).toThrow(
      /mainnet\.logChunkBlocks: logChunkBlocks must not exceed logWindowBlocks/,
    );
    expect(() => readChainSettings(file('{ not json'))).toThrow(/is not valid JSON/);
    expect(() => readChainSettings(join(dir, 'missing.json'))).toThrow(
      /CHAIN_SETTINGS_PATH="[^"]*missing.json": cannot be read/,
    );
  });
});
