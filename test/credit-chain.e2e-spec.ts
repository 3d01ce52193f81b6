import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther, parseUnits, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { startWithMail, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { deployTestMarket, send, type TestMarket } from './support/hardhat-contracts.js';
import { startHardhatNode, type HardhatNode } from './support/hardhat-node.js';
import { MailCapture } from './support/mail-capture.js';

const DAY = 86_400;

/**
 * POST /api/credit/calculate-score against a real local EVM node: wallets get their history from real
 * transactions, the lending pool's events and account data are read over plain JSON-RPC.
 */
describe('Credit score from on-chain history (Hardhat node)', () => {
  let node: HardhatNode;
  let market: TestMarket;
  let app: TestApp;
  const mail = new MailCapture();
  const settingsDir = mkdtempSync(join(tmpdir(), 'blockscore-credit-chain-'));
  let seasoned: PrivateKeyAccount;
  let empty: PrivateKeyAccount;
  // A wallet belongs to one account, so each wallet's user is made once and shared by the cases.
  let seasonedUser: string;
  let emptyUser: string;

  beforeAll(async () => {
    node = await startHardhatNode();
    const [deployer] = node.accounts;
    market = await deployTestMarket(node, deployer);

    // A wallet with two years of history: funded, active, holding stablecoins, repaying a DeFi loan.
    seasoned = privateKeyToAccount(generatePrivateKey());
    empty = privateKeyToAccount(generatePrivateKey());
    const fund = await node.walletFor(deployer).sendTransaction({ to: seasoned.address, value: parseEther('5') });
    await node.publicClient.waitForTransactionReceipt({ hash: fund, pollingInterval: 50 });
    const first = await node.walletFor(seasoned).sendTransaction({ to: deployer.address, value: parseEther('0.1') });
    await node.publicClient.waitForTransactionReceipt({ hash: first, pollingInterval: 50 });
    await node.advanceTime(800 * DAY);
    for (let i = 0; i < 11; i++) {
      await send(node, seasoned, market.usdc, 'TestStablecoin', 'approve', [deployer.address, BigInt(i)]);
    }
    await send(node, deployer, market.usdc, 'TestStablecoin', 'mint', [seasoned.address, parseUnits('2500', 6)]);
    await send(node, deployer, market.pool, 'TestLendingPool', 'setUserAccountData', [
      seasoned.address,
      {
        totalCollateralBase: parseUnits('10000', 8),
        totalDebtBase: parseUnits('1000', 8),
        availableBorrowsBase: parseUnits('5000', 8),
        currentLiquidationThreshold: 8250n,
        ltv: 7500n,
        healthFactor: parseUnits('8.25', 18),
      },
    ]);
    for (const amount of ['100', '50']) {
      await send(node, seasoned, market.pool, 'TestLendingPool', 'repay', [
        market.usdc,
        parseUnits(amount, 6),
        2n,
        seasoned.address,
      ]);
    }

    const settings = join(settingsDir, 'chains.json');
    writeFileSync(
      settings,
      JSON.stringify({
        hardhat: {
          multicall3: market.multicall3,
          aavePool: market.pool,
          stablecoins: [{ symbol: 'USDC', address: market.usdc, decimals: 6 }],
          logWindowBlocks: 1000,
          logChunkBlocks: 100,
        },
      }),
    );
    app = await startWithMail(mail, {
      CHAIN: 'hardhat',
      BLOCKCHAIN_RPC_URL: node.rpcUrl,
      CHAIN_SETTINGS_PATH: settings,
      // Every calculation reads the chain afresh, so a new event shows in the next score.
      BLOCKCHAIN_CACHE_TTL_SECONDS: '0',
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await mail.stop();
    await node?.stop();
    rmSync(settingsDir, { recursive: true, force: true });
  });

  /** A fresh verified user with `wallet` linked by signature; otherwise identical to every other one. */
  async function userWithWallet(wallet: PrivateKeyAccount): Promise<string> {
    const account = await registerVerified(app, mail);
    const { access } = await login(app, account.email);
    const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${wallet.address}`);
    const message = nonce.body.message as string;
    const signature: Hex = await wallet.signMessage({ message });
    const link = await app.request('/profile/wallet', {
      method: 'POST',
      headers: bearer(access),
      json: { wallet_address: wallet.address, message, signature },
    });
    expect(link.status).toBe(201);
    return access;
  }

  const score = (token: string, body: object = { force_recalculation: true }) =>
    app.request('/credit/calculate-score', { method: 'POST', headers: bearer(token), json: body });

  it('scores a wallet with history higher than an empty one for otherwise equal users', async () => {
    seasonedUser = await userWithWallet(seasoned);
    emptyUser = await userWithWallet(empty);
    const withHistory = await score(seasonedUser);
    const withoutHistory = await score(emptyUser);
    expect(withHistory.status).toBe(200);
    expect(withHistory.body.data.on_chain).toEqual({
      wallet_address: seasoned.address,
      available: true,
      chains: ['hardhat'],
    });
    expect(withoutHistory.body.data.on_chain.available).toBe(true);
    expect(withHistory.body.data.score).toBeGreaterThan(withoutHistory.body.data.score);

    const explained = await app.request(`/credit/scores/${withHistory.body.data.credit_score_id}`, {
      headers: bearer(await userWithWallet(privateKeyToAccount(generatePrivateKey()))),
    });
    expect(explained.status).toBe(404);
  });

  it('uses the linked wallet by default and answers with what it read', async () => {
    const byDefault = await score(emptyUser, {});
    expect(byDefault.body.data.on_chain).toMatchObject({ wallet_address: empty.address, available: true });
    // Named in lower case it is the same wallet, so the score under 24 h old comes back unchanged.
    const named = await score(emptyUser, { walletAddress: empty.address.toLowerCase() });
    expect(named.body.data).toEqual(byDefault.body.data);
    const foreign = await score(emptyUser, { walletAddress: seasoned.address });
    expect(foreign.status).toBe(403);
  });

  it('lowers the score after a liquidation of the wallet', async () => {
    const token = seasonedUser;
    const before = await score(token);
    const [, , liquidator] = node.accounts;
    await send(node, liquidator, market.pool, 'TestLendingPool', 'liquidationCall', [
      market.usdc,
      market.usdc,
      seasoned.address,
      10n,
      false,
    ]);
    const after = await score(token);
    expect(after.body.data.score).toBeLessThan(before.body.data.score);
    const explained = await app.request(`/credit/scores/${after.body.data.credit_score_id}`, {
      headers: bearer(token),
    });
    expect(explained.body.data.inputs.onChain).toMatchObject({ liquidations: 1, repayments: 2 });
    expect(after.body.data.factors.some((f: { impact: string }) => f.impact === 'negative')).toBe(true);
  });

  it('still scores, from platform signals, when the node is down', async () => {
    const token = seasonedUser;
    await node.stop();
    const started = performance.now();
    const res = await score(token);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(200);
    expect(res.body.data.on_chain).toEqual({ wallet_address: seasoned.address, available: false, chains: [] });
    expect(res.body.data.factors.some((f: { code: string }) => f.code === 'NO_ONCHAIN_DATA')).toBe(true);
    const health = await app.request('/health');
    expect(health.body.services).toMatchObject({ blockchain: 'down', ai_model: 'up' });
    expect(health.body.status).toBe('degraded');
  });
});
