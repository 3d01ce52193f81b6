import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { formatEther, getAddress, parseEther, parseUnits, type Address, type HDAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { BlockchainSettings } from '../src/blockchain/blockchain-settings.js';
import { BlockchainService } from '../src/blockchain/blockchain.service.js';
import { parseConfig } from '../src/config/load-config.js';
import { deploy, deployTestMarket, send, type TestMarket } from './support/hardhat-contracts.js';
import { startHardhatNode, type HardhatNode } from './support/hardhat-node.js';
import { RpcRecorder } from './support/hardhat-rpc-recorder.js';

const DAY = 86_400;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let node: HardhatNode;
let market: TestMarket;
let smartWallet: Address;
let deployer: HDAccount, alice: HDAccount, liquidator: HDAccount, bob: HDAccount, carol: HDAccount;
const settingsDir = mkdtempSync(join(tmpdir(), 'blockscore-chain-'));

/** The per-chain settings file for the local node, as an operator would write it. */
function chainSettings(overrides: Record<string, unknown> = {}) {
  return {
    hardhat: {
      multicall3: market.multicall3,
      aavePool: market.pool,
      stablecoins: [
        { symbol: 'USDC', address: market.usdc, decimals: 6 },
        { symbol: 'USDT', address: market.usdt, decimals: 6 },
        { symbol: 'DAI', address: market.dai, decimals: 18 },
      ],
      logWindowBlocks: 1000,
      logChunkBlocks: 100,
      ...overrides,
    },
  };
}

let files = 0;
/** A service built the way the module builds it: environment → validated config → settings. */
function serviceFor(env: Record<string, string> = {}, settings: object = chainSettings()): BlockchainService {
  const path = join(settingsDir, `chains-${++files}.json`);
  writeFileSync(path, JSON.stringify(settings));
  const config = parseConfig({ CHAIN: 'hardhat', BLOCKCHAIN_RPC_URL: node.rpcUrl, CHAIN_SETTINGS_PATH: path, ...env });
  return new BlockchainService(BlockchainSettings.fromConfig(config), logger);
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address;

beforeAll(async () => {
  node = await startHardhatNode();
  [deployer, alice, liquidator, bob, carol] = node.accounts;
  market = await deployTestMarket(node, deployer);
  smartWallet = await deploy(node, deployer, 'TestSmartWallet', [alice.address]);

  // Alice's history: a first transfer, then 40 days later tokens, an Aave position, repayments and a liquidation.
  const first = await node.walletFor(alice).sendTransaction({ to: bob.address, value: parseEther('1') });
  await node.publicClient.waitForTransactionReceipt({ hash: first, pollingInterval: 50 });
  await node.advanceTime(40 * DAY);
  await send(node, deployer, market.usdc, 'TestStablecoin', 'mint', [alice.address, parseUnits('1500.25', 6)]);
  await send(node, deployer, market.usdt, 'TestStablecoin', 'mint', [alice.address, parseUnits('250', 6)]);
  await send(node, deployer, market.dai, 'TestStablecoin', 'mint', [alice.address, parseUnits('100.5', 18)]);
  await send(node, alice, market.usdc, 'TestStablecoin', 'transfer', [bob.address, parseUnits('0.25', 6)]);
  await send(node, deployer, market.pool, 'TestLendingPool', 'setUserAccountData', [
    alice.address,
    {
      totalCollateralBase: parseUnits('12345.67', 8),
      totalDebtBase: parseUnits('5000', 8),
      availableBorrowsBase: parseUnits('1000', 8),
      currentLiquidationThreshold: 8250n,
      ltv: 7500n,
      healthFactor: parseUnits('1.85', 18),
    },
  ]);
  await send(node, alice, market.pool, 'TestLendingPool', 'repay', [
    market.usdc,
    parseUnits('100', 6),
    2n,
    alice.address,
  ]);
  await send(node, alice, market.pool, 'TestLendingPool', 'repay', [
    market.usdc,
    parseUnits('50', 6),
    2n,
    alice.address,
  ]);
  await send(node, liquidator, market.pool, 'TestLendingPool', 'liquidationCall', [
    market.dai,
    market.usdc,
    alice.address,
    10n,
    false,
  ]);
  // Someone else's activity on the same pool must not count for Alice.
  await send(node, bob, market.pool, 'TestLendingPool', 'repay', [market.usdc, 1n, 2n, bob.address]);
  await send(node, liquidator, market.pool, 'TestLendingPool', 'liquidationCall', [
    market.dai,
    market.usdc,
    bob.address,
    1n,
    false,
  ]);
}, 120_000);

afterAll(async () => {
  await node?.stop();
  rmSync(settingsDir, { recursive: true, force: true });
});

describe('BlockchainService on a local Hardhat node', () => {
  it('reads a wallet with history: nonce, balances, stablecoins, Aave position, events and age', async () => {
    const signals = await serviceFor().getWalletSignals(alice.address.toLowerCase());
    const balance = await node.publicClient.getBalance({ address: alice.address });

    expect(signals).toEqual({
      available: true,
      address: alice.address,
      chains: ['hardhat'],
      txCount: 4,
      walletAgeDays: 40,
      nativeBalance: formatEther(balance),
      stablecoinBalanceUsd: '1850.5',
      isContract: false,
      aave: { collateralUsd: '12345.67', debtUsd: '5000', healthFactor: '1.85' },
      liquidations: 1,
      repayments: 2,
      ensName: null,
    });
  });

  it('reads an empty wallet as zeros', async () => {
    const address = freshAddress();
    const signals = await serviceFor().getWalletSignals(address);

    expect(signals).toEqual({
      available: true,
      address,
      chains: ['hardhat'],
      txCount: 0,
      walletAgeDays: null,
      nativeBalance: '0',
      stablecoinBalanceUsd: '0',
      isContract: false,
      aave: null,
      liquidations: 0,
      repayments: 0,
      ensName: null,
    });
  });

  it('tells a contract from an EOA', async () => {
    const service = serviceFor();
    expect((await service.getWalletSignals(smartWallet)).isContract).toBe(true);
    expect((await service.getWalletSignals(market.pool)).isContract).toBe(true);
    expect((await service.getWalletSignals(bob.address)).isContract).toBe(false);
  });

  it('reads every stablecoin and the Aave account in one aggregate3 call', async () => {
    const recorder = new RpcRecorder(node.rpcUrl);
    await recorder.start();
    try {
      const signals = await serviceFor({ BLOCKCHAIN_RPC_URL: recorder.url }).getWalletSignals(alice.address);
      expect(signals.stablecoinBalanceUsd).toBe('1850.5');
      expect(signals.aave?.debtUsd).toBe('5000');
      expect(recorder.ethCallTargets()).toEqual([market.multicall3.toLowerCase()]);
    } finally {
      await recorder.stop();
    }
  });

  it('falls back to one eth_call per contract on a chain without a multicall address', async () => {
    const recorder = new RpcRecorder(node.rpcUrl);
    await recorder.start();
    try {
      const settings = chainSettings();
      delete (settings.hardhat as { multicall3?: string }).multicall3;
      const signals = await serviceFor({ BLOCKCHAIN_RPC_URL: recorder.url }, settings).getWalletSignals(alice.address);
      expect(signals.stablecoinBalanceUsd).toBe('1850.5');
      expect(signals.aave).toEqual({ collateralUsd: '12345.67', debtUsd: '5000', healthFactor: '1.85' });
      expect(recorder.ethCallTargets().sort()).toEqual(
        [market.usdc, market.usdt, market.dai, market.pool].map((a) => a.toLowerCase()).sort(),
      );
    } finally {
      await recorder.stop();
    }
  });

  it('counts Aave events only inside the scanned block window', async () => {
    await send(node, liquidator, market.pool, 'TestLendingPool', 'liquidationCall', [
      market.dai,
      market.usdc,
      carol.address,
      5n,
      false,
    ]);
    await node.mine(30);
    await send(node, carol, market.pool, 'TestLendingPool', 'repay', [market.usdc, 5n, 2n, carol.address]);

    const recent = await serviceFor({}, chainSettings({ logWindowBlocks: 10, logChunkBlocks: 3 })).getWalletSignals(
      carol.address,
    );
    expect({ liquidations: recent.liquidations, repayments: recent.repayments }).toEqual({
      liquidations: 0,
      repayments: 1,
    });
    const wide = await serviceFor({}, chainSettings({ logWindowBlocks: 500, logChunkBlocks: 7 })).getWalletSignals(
      carol.address,
    );
    expect({ liquidations: wide.liquidations, repayments: wide.repayments }).toEqual({
      liquidations: 1,
      repayments: 1,
    });
  });

  it('answers a repeated read from the cache without asking the node', async () => {
    const recorder = new RpcRecorder(node.rpcUrl);
    await recorder.start();
    try {
      const service = serviceFor({ BLOCKCHAIN_RPC_URL: recorder.url });
      const first = await service.getWalletSignals(alice.address);
      const asked = recorder.calls.length;
      expect(await service.getWalletSignals(alice.address)).toEqual(first);
      expect(recorder.calls.length).toBe(asked);
    } finally {
      await recorder.stop();
    }
  });

  it('sums several chains and leaves out one whose node cannot be reached', async () => {
    const both = { ...chainSettings(), localhost: chainSettings().hardhat };
    // Two chain names served by the same node: every amount counts twice.
    const twice = serviceFor({ CHAIN: 'hardhat,localhost', BLOCKCHAIN_RPC_URL: `${node.rpcUrl},${node.rpcUrl}` }, both);
    const signals = await twice.getWalletSignals(alice.address);
    expect(signals).toMatchObject({
      available: true,
      chains: ['hardhat', 'localhost'],
      txCount: 8,
      walletAgeDays: 40,
      stablecoinBalanceUsd: '3701',
      aave: { collateralUsd: '24691.34', debtUsd: '10000', healthFactor: '1.85' },
      liquidations: 2,
      repayments: 4,
    });

    const halfDown = serviceFor(
      { CHAIN: 'hardhat,localhost', BLOCKCHAIN_RPC_URL: `${node.rpcUrl},http://127.0.0.1:9` },
      both,
    );
    const partial = await halfDown.getWalletSignals(alice.address);
    expect(partial).toMatchObject({ available: true, chains: ['hardhat'], txCount: 4, stablecoinBalanceUsd: '1850.5' });
  });

  it('refuses an address that is not one', async () => {
    await expect(serviceFor().getWalletSignals('0x1234')).rejects.toMatchObject({ code: 'BLOCKCHAIN.INVALID_ADDRESS' });
  });

  it('reports the node up for the health probe', async () => {
    await expect(serviceFor().ping()).resolves.toBe(true);
  });
});

describe('BlockchainService.verifyMessage', () => {
  const message = 'Welcome to BlockAuth!\n\nWallet: test\nNonce: 8f3a9c1d';

  it('accepts a real signature of the signing wallet', async () => {
    const signature = await alice.signMessage({ message });
    await expect(serviceFor().verifyMessage({ address: alice.address, message, signature })).resolves.toBe(true);
  });

  it('rejects a wrong address, a tampered message and garbage', async () => {
    const service = serviceFor();
    const signature = await alice.signMessage({ message });
    await expect(service.verifyMessage({ address: bob.address, message, signature })).resolves.toBe(false);
    await expect(service.verifyMessage({ address: alice.address, message: `${message}!`, signature })).resolves.toBe(
      false,
    );
    await expect(service.verifyMessage({ address: alice.address, message, signature: '0xdeadbeef' })).resolves.toBe(
      false,
    );
    await expect(
      service.verifyMessage({ address: alice.address, message, signature: 'not a signature' }),
    ).resolves.toBe(false);
    await expect(service.verifyMessage({ address: 'nobody', message, signature })).resolves.toBe(false);
    const flipped = `${signature.slice(0, 10)}${signature[10] === '0' ? '1' : '0'}${signature.slice(11)}`;
    await expect(service.verifyMessage({ address: alice.address, message, signature: flipped })).resolves.toBe(false);
  });

  it("accepts a contract wallet's signature through ERC-1271 on the node", async () => {
    const signature = await alice.signMessage({ message });
    const service = serviceFor();
    await expect(service.verifyMessage({ address: smartWallet, message, signature })).resolves.toBe(true);
    const stranger = privateKeyToAccount(generatePrivateKey());
    const foreign = await stranger.signMessage({ message });
    await expect(service.verifyMessage({ address: smartWallet, message, signature: foreign })).resolves.toBe(false);
  });
});

describe('a node that never answers', () => {
  let blackhole: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never replies, like a node stuck behind a dead load balancer.
    blackhole = createServer((socket) => sockets.add(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  it('costs one request timeout, then nothing while the circuit is open', async () => {
    const address = blackhole.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const service = serviceFor({ BLOCKCHAIN_RPC_URL: url, BLOCKCHAIN_TIMEOUT_MS: '500' });

    const first = await timed(() => service.getWalletSignals(alice.address));
    expect(first.value).toMatchObject({ available: false, address: alice.address, chains: [] });
    expect(first.ms).toBeLessThan(1500);
    expect(service.circuits()).toEqual({ hardhat: 'open' });

    const second = await timed(() => service.getWalletSignals(bob.address));
    expect(second.value.available).toBe(false);
    expect(second.ms).toBeLessThan(50);
  });
});

// Runs last: it stops the shared node.
describe('when the node goes down', () => {
  it('answers available:false fast, keeps the circuit open, and still checks EOA signatures', async () => {
    const service = serviceFor();
    const before = await service.getWalletSignals(alice.address);
    expect(before.available).toBe(true);
    expect(await service.ping()).toBe(true);

    await node.stop();

    const down = await timed(() => service.getWalletSignals(bob.address));
    expect(down.value).toEqual({
      available: false,
      address: getAddress(bob.address),
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
    });
    expect(down.ms).toBeLessThan(3000);
    expect(service.circuits()).toEqual({ hardhat: 'open' });

    const again = await timed(() => service.getWalletSignals(carol.address));
    expect(again.value.available).toBe(false);
    expect(again.ms).toBeLessThan(50);
    const probe = await timed(() => service.ping());
    expect(probe.value).toBe(false);
    expect(probe.ms).toBeLessThan(50);

    // A read from before the outage is still served from the cache (at most BLOCKCHAIN_CACHE_TTL_SECONDS old).
    expect(await service.getWalletSignals(alice.address)).toEqual(before);

    const message = 'login while the node is down';
    const signature = await alice.signMessage({ message });
    await expect(service.verifyMessage({ address: alice.address, message, signature })).resolves.toBe(true);
    await expect(service.verifyMessage({ address: smartWallet, message, signature })).resolves.toBe(false);
  });
});
