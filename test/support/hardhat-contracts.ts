import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Abi, Account, Address, Hex } from 'viem';
import type { HardhatNode } from './hardhat-node.js';

const CONTRACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'contracts');
const ROOT = join(CONTRACTS_DIR, '..', '..');
/** node_modules/.cache is ignored by git and by every tool here; deleting it only costs one compile. */
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'blockscore-contracts');

export interface CompiledContract {
  abi: Abi;
  bytecode: Hex;
}

let compiled: Promise<Record<string, CompiledContract>> | null = null;

/**
 * The test contracts compiled by solc-js, from a cache keyed by the sources, the compile script and the solc
 * version; a miss compiles them in a child process (a few seconds).
 */
export function compiledContracts(): Promise<Record<string, CompiledContract>> {
  compiled ??= (async () => {
    const script = join(CONTRACTS_DIR, 'compile.cjs');
    const hash = createHash('sha256');
    const solcVersion = (createRequire(import.meta.url)('solc/package.json') as { version: string }).version;
    hash.update(solcVersion).update(readFileSync(script));
    for (const file of readdirSync(CONTRACTS_DIR)
      .filter((f) => f.endsWith('.sol'))
      .sort()) {
      hash.update(file).update(readFileSync(join(CONTRACTS_DIR, file)));
    }
    const cached = join(CACHE_DIR, `${hash.digest('hex').slice(0, 16)}.json`);
    if (!existsSync(cached)) {
      const { stdout } = await promisify(execFile)(process.execPath, [script], {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      mkdirSync(CACHE_DIR, { recursive: true });
      writeFileSync(cached, stdout);
    }
    return (JSON.parse(readFileSync(cached, 'utf8')) as { contracts: Record<string, CompiledContract> }).contracts;
  })();
  return compiled;
}

/** Deploys a compiled test contract from `from` and waits for it to be mined. */
export async function deploy(node: HardhatNode, from: Account, name: string, args: unknown[] = []): Promise<Address> {
  const contract = (await compiledContracts())[name];
  if (!contract) throw new Error(`no compiled contract ${name}`);
  const hash = await node.walletFor(from).deployContract({ abi: contract.abi, bytecode: contract.bytecode, args });
  const receipt = await node.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (!receipt.contractAddress) throw new Error(`${name} was not deployed`);
  return receipt.contractAddress;
}

/** Sends a contract transaction from `from` and waits for it to be mined. */
export async function send(
  node: HardhatNode,
  from: Account,
  address: Address,
  name: string,
  functionName: string,
  args: unknown[] = [],
): Promise<void> {
  const { abi } = (await compiledContracts())[name];
  const hash = await node.walletFor(from).writeContract({ address, abi, functionName, args });
  const receipt = await node.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success') throw new Error(`${name}.${functionName} reverted`);
}

export interface TestMarket {
  multicall3: Address;
  usdc: Address;
  usdt: Address;
  dai: Address;
  pool: Address;
}

/** Multicall3, three stablecoins (USDC and USDT with 6 decimals, DAI with 18) and an Aave-like pool. */
export async function deployTestMarket(node: HardhatNode, deployer: Account): Promise<TestMarket> {
  const multicall3 = await deploy(node, deployer, 'Multicall3');
  const usdc = await deploy(node, deployer, 'TestStablecoin', ['USD Coin', 'USDC', 6]);
  const usdt = await deploy(node, deployer, 'TestStablecoin', ['Tether USD', 'USDT', 6]);
  const dai = await deploy(node, deployer, 'TestStablecoin', ['Dai Stablecoin', 'DAI', 18]);
  const pool = await deploy(node, deployer, 'TestLendingPool');
  return { multicall3, usdc, usdt, dai, pool };
}
