import { startTestApp, type TestApp } from './support/app.js';
import { startHardhatNode, type HardhatNode } from './support/hardhat-node.js';

// The whole app wired with BlockchainModule: its probe answers for the configured node in /api/health.
describe('blockchain in /api/health', () => {
  let node: HardhatNode;
  let app: TestApp;

  beforeAll(async () => {
    node = await startHardhatNode();
    app = await startTestApp({ CHAIN: 'hardhat', BLOCKCHAIN_RPC_URL: node.rpcUrl, RATE_LIMIT_ENABLED: 'false' });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await node?.stop();
  });

  it('reports the chain up while the node answers and down once it stops', async () => {
    const up = await app.request('/health');
    expect(up.body.services.blockchain).toBe('up');

    await node.stop();
    const started = performance.now();
    const down = await app.request('/health');
    expect(down.body.services.blockchain).toBe('down');
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
