// One Hardhat 2 `hardhat node` per jest worker, shared by the files it runs one after another: starting one costs
// seconds of CPU per file. test/support/hardhat-process.cjs starts it for the first file that asks and keeps it
// until the worker exits. A file has the node alone (a worker runs one file at a time) and leaves it as it found
// it: taken with evm_snapshot, handed back with evm_revert, which also takes back the time evm_increaseTime
// moved. The file's clients and app reach it through a TCP proxy, so a test that takes the chain away cuts the
// proxy and the node lives on for the next file.
import {
  createPublicClient,
  createWalletClient,
  http,
  type Account,
  type Chain,
  type HDAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { TcpProxy } from './tcp-proxy.js';

/** Hardhat's default mnemonic: the node funds its first accounts with 10 000 ETH each. */
export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT_COUNT = 10;

export interface HardhatNode {
  /** The file's own way to the node (through its proxy): what the app and the clients are given. */
  rpcUrl: string;
  port: number;
  chain: Chain;
  /** Funded accounts 0…9 of the default mnemonic (account 0 deploys the test contracts). */
  accounts: HDAccount[];
  publicClient: PublicClient<Transport, Chain>;
  walletFor(account: Account): WalletClient<Transport, Chain, Account>;
  /** A raw JSON-RPC call, for Hardhat's test methods (evm_increaseTime, hardhat_mine, …). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Moves chain time forward and mines a block at the new time. */
  advanceTime(seconds: number): Promise<void>;
  mine(blocks: number): Promise<void>;
  readonly running: boolean;
  /**
   * Takes the chain away as a node that stopped would (open connections die, new ones are refused) and hands
   * the shared node back, reverted to how this file found it: what a test calls mid-run, and afterAll. Safe to
   * call twice.
   */
  stop(): Promise<void>;
}

/**
 * The chain for this test file: a real node (real transactions, real blocks, historical state, eth_getLogs),
 * clean as every file finds it, reached through a proxy of this file's own.
 */
export async function startHardhatNode(): Promise<HardhatNode> {
  const shared = await nativeApp().acquireHardhatNode();
  const proxy = new TcpProxy('127.0.0.1', shared.port);
  try {
    await proxy.start();
  } catch (err) {
    await nativeApp().releaseHardhatNode(shared.lease);
    throw err;
  }
  const port = proxy.port;
  const rpcUrl = `http://127.0.0.1:${port}`;
  const chain: Chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl, { retryCount: 0 });
  const publicClient = createPublicClient({ chain, transport });
  let running = true;
  let stopping: Promise<void> | null = null;
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await res.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };

  return {
    rpcUrl,
    port,
    chain,
    accounts: Array.from({ length: ACCOUNT_COUNT }, (_, i) => mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: i })),
    publicClient,
    walletFor: (account) => createWalletClient({ account, chain, transport }),
    rpc,
    async advanceTime(seconds) {
      await rpc('evm_increaseTime', [seconds]);
      await rpc('evm_mine');
    },
    async mine(blocks) {
      // One evm_mine per block: hardhat_mine's lazily "reserved" blocks answer historical state queries
      // (eth_getTransactionCount at a past block) with an empty state, which a history search would trust.
      for (let i = 0; i < blocks; i++) await rpc('evm_mine');
    },
    get running() {
      return running;
    },
    stop() {
      running = false;
      // Closing the listener is what makes a new connection refused (ECONNREFUSED, as from a stopped node) rather
      // than accepted and reset.
      stopping ??= proxy.stop().then(() => nativeApp().releaseHardhatNode(shared.lease));
      return stopping;
    },
  };
}
