import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Hardhat's default mnemonic: the node funds its first accounts with 10 000 ETH each. */
export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT_COUNT = 10;
const CONFIG = join(dirname(fileURLToPath(import.meta.url)), '..', 'contracts', 'hardhat.config.cjs');
const HARDHAT_CLI = join(
  dirname(createRequire(import.meta.url).resolve('hardhat/package.json')),
  'internal',
  'cli',
  'bootstrap.js',
);

export interface HardhatNode {
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
  /** Kills the node: what a test calls to take the chain away mid-run. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Hardhat 2's `hardhat node` on a free port as a child process and resolves once it serves JSON-RPC.
 * A real node: real transactions, real blocks, historical state, eth_getLogs.
 */
export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [HARDHAT_CLI, 'node', '--config', CONFIG, '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: dirname(CONFIG),
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await waitForStart(child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    throw err;
  }

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
      stopping ??= new Promise<void>((resolve) => {
        running = false;
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
      return stopping;
    },
  };
}

function waitForStart(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`hardhat node did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Started HTTP and WebSocket JSON-RPC server')) done();
    };
    const onExit = (code: number | null) =>
      fail(new Error(`hardhat node exited (${code}) before it started:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining the pipes: a full pipe would block the node's logging and then the node itself.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const fail = (err: Error) => {
      cleanup();
      reject(err);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
