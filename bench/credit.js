// Credit and loan routes under load (issue 4).
//
// 1. POST /api/credit/calculate-score latency against a local Hardhat node, forcing a recalculation each
//    time: with the chain-read cache warm (the default BLOCKCHAIN_CACHE_TTL_SECONDS=300) and, as the
//    baseline, with the cache off (every request reads the node), plus the 24-hour reuse path.
// 2. POST /api/loans/calculate throughput at 50 connections, next to GET /api/profile on the same service
//    (same authentication, one user read) as the reference.
//
// Usage: npm run build && DATABASE_URL=postgres://… node bench/credit.js   (BENCH_ROUNDS, BENCH_DURATION)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http, parseEther, parseUnits } from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { freePort, median, root, run, startService } from './lib.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 8);
const adminEmail = 'bench-credit@example.com';
const adminPassword = 'Bench-Credit-Pass-1!';
const DAY = 86_400;

// --- a local chain with a wallet that has history -------------------------------------------------------
const port = await freePort();
const hardhatNode = spawn(
  process.execPath,
  [
    join(root, 'node_modules/hardhat/internal/cli/bootstrap.js'),
    'node',
    '--config',
    join(root, 'test/contracts/hardhat.config.cjs'),
    '--hostname',
    '127.0.0.1',
    '--port',
    String(port),
  ],
  { cwd: join(root, 'test/contracts'), env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'ignore' },
);
process.once('exit', () => hardhatNode.kill('SIGKILL'));
const rpcUrl = `http://127.0.0.1:${port}`;
const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
const transport = http(rpcUrl, { retryCount: 0 });
const client = createPublicClient({ chain, transport });
for (let i = 0; ; i++) {
  try {
    await client.getBlockNumber();
    break;
  } catch {
    if (i > 300) throw new Error('hardhat node did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const rpc = (method, params = []) =>
  fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });

const { contracts } = JSON.parse(
  execFileSync(process.execPath, [join(root, 'test/contracts/compile.cjs')], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  }).toString(),
);
const deployer = mnemonicToAccount('test test test test test test test test test test test junk');
const walletOf = (account) => createWalletClient({ account, chain, transport });
const mined = (hash) => client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
async function deploy(name, args = []) {
  const { abi, bytecode } = contracts[name];
  const receipt = await mined(await walletOf(deployer).deployContract({ abi, bytecode, args }));
  return receipt.contractAddress;
}
async function write(account, address, name, functionName, args) {
  await mined(await walletOf(account).writeContract({ address, abi: contracts[name].abi, functionName, args }));
}

const multicall3 = await deploy('Multicall3');
const usdc = await deploy('TestStablecoin', ['USD Coin', 'USDC', 6]);
const pool = await deploy('TestLendingPool');
const wallet = privateKeyToAccount(generatePrivateKey());
await mined(await walletOf(deployer).sendTransaction({ to: wallet.address, value: parseEther('5') }));
await mined(await walletOf(wallet).sendTransaction({ to: deployer.address, value: parseEther('0.1') }));
await rpc('evm_increaseTime', [400 * DAY]);
await rpc('evm_mine');
for (let i = 0; i < 10; i++) await write(wallet, usdc, 'TestStablecoin', 'approve', [deployer.address, BigInt(i)]);
await write(deployer, usdc, 'TestStablecoin', 'mint', [wallet.address, parseUnits('2500', 6)]);
await write(deployer, pool, 'TestLendingPool', 'setUserAccountData', [
  wallet.address,
  {
    totalCollateralBase: parseUnits('10000', 8),
    totalDebtBase: parseUnits('1000', 8),
    availableBorrowsBase: parseUnits('5000', 8),
    currentLiquidationThreshold: 8250n,
    ltv: 7500n,
    healthFactor: parseUnits('8.25', 18),
  },
]);
await write(wallet, pool, 'TestLendingPool', 'repay', [usdc, parseUnits('100', 6), 2n, wallet.address]);

const settingsPath = join(mkdtempSync(join(tmpdir(), 'bench-credit-')), 'chains.json');
writeFileSync(
  settingsPath,
  JSON.stringify({
    hardhat: {
      multicall3,
      aavePool: pool,
      stablecoins: [{ symbol: 'USDC', address: usdc, decimals: 6 }],
      logWindowBlocks: 1000,
      logChunkBlocks: 100,
    },
  }),
);

// --- the service ---------------------------------------------------------------------------------------
async function serviceWith(env) {
  const service = await startService({
    DATABASE_URL: process.env.DATABASE_URL ?? 'pglite://memory',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    CHAIN: 'hardhat',
    BLOCKCHAIN_RPC_URL: rpcUrl,
    CHAIN_SETTINGS_PATH: settingsPath,
    ...env,
  });
  const api = (path, init = {}) =>
    fetch(`${service.url}/api${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    }).then(async (res) => ({ status: res.status, body: await res.json() }));
  const login = await api('/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  const auth = { authorization: `Bearer ${login.body.tokens.access_token}` };
  {
    // 409 when an earlier round already linked it to this account; the score below proves it is ours.
    const nonce = await api(`/v1/auth/wallet/nonce/?wallet_address=${wallet.address}`);
    const signature = await wallet.signMessage({ message: nonce.body.message });
    const link = await api('/profile/wallet', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ wallet_address: wallet.address, message: nonce.body.message, signature }),
    });
    if (link.status !== 201 && link.status !== 409) throw new Error(`wallet link failed: ${JSON.stringify(link.body)}`);
  }
  const check = await api('/credit/calculate-score', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ walletAddress: wallet.address, force_recalculation: true }),
  });
  if (!check.body.data?.on_chain?.available)
    throw new Error(`scoring did not read the chain: ${JSON.stringify(check.body)}`);
  return { ...service, auth, score: check.body.data.score };
}

const post = (service, path, body, connections) =>
  run({
    url: `${service.url}/api${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...service.auth },
    body: JSON.stringify(body),
    connections,
    duration,
  });

const rows = { warm: [], cold: [], reuse: [], loans: [], profile: [] };
let score = null;
for (let r = 0; r < rounds; r++) {
  for (const [name, env] of [
    ['warm', {}],
    ['cold', { BLOCKCHAIN_CACHE_TTL_SECONDS: '0' }],
  ]) {
    const service = await serviceWith(env);
    score = service.score;
    try {
      const forced = await post(
        service,
        '/credit/calculate-score',
        { walletAddress: wallet.address, force_recalculation: true },
        1,
      );
      if (forced.non2xx) throw new Error(`${forced.non2xx} calculate-score requests failed`);
      rows[name].push({ p50: forced.latency.p50, p99: forced.latency.p99, rps: forced.requests.average });
      if (name !== 'warm') continue;

      const reuse = await post(service, '/credit/calculate-score', { walletAddress: wallet.address }, 1);
      rows.reuse.push({ p50: reuse.latency.p50, p99: reuse.latency.p99, rps: reuse.requests.average });
      for (const [key, result] of [
        ['loans', await post(service, '/loans/calculate', { amount: 10000, rate: 5.5, term_months: 36 }, 50)],
        ['profile', await run({ url: `${service.url}/api/profile`, headers: service.auth, connections: 50, duration })],
      ]) {
        if (result.non2xx) throw new Error(`${result.non2xx} ${key} requests failed`);
        rows[key].push({ p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average });
      }
    } finally {
      await service.stop();
    }
  }
}
hardhatNode.kill('SIGTERM');

const m = (list, key) => median(list.map((x) => x[key]));
console.log(`medians of ${rounds} alternating rounds, ${duration} s each; wallet scored ${score}\n`);
console.log('| route | connections | p50 | p99 | requests/s |');
console.log('|---|---|---|---|---|');
const line = (label, list, connections) =>
  console.log(
    `| ${label} | ${connections} | ${m(list, 'p50')} ms | ${m(list, 'p99')} ms | ${m(list, 'rps').toFixed(0)} |`,
  );
line('calculate-score, forced, chain cache warm', rows.warm, 1);
line('calculate-score, forced, chain cache off (baseline: every request reads the node)', rows.cold, 1);
line('calculate-score, score under 24 h reused', rows.reuse, 1);
line('POST /api/loans/calculate (10000 / 5.5 % / 36, with schedule)', rows.loans, 50);
line('GET /api/profile (reference)', rows.profile, 50);
console.log(`\nloans/calculate ÷ profile requests/s: ${(m(rows.loans, 'rps') / m(rows.profile, 'rps')).toFixed(2)}`);
process.exit(0);
