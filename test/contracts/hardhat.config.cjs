// Minimal Hardhat 2 config for the local test node (test/support/hardhat-process.cjs starts `hardhat node` with it).
// Contracts are compiled with solc-js by the test harness, never by Hardhat (no compiler download), and
// Hardhat's own cache/artifact folders live in an ignored place so a test run leaves the tree clean.
const path = require('node:path');

const cache = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'blockscore-hardhat');

module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      // The default mnemonic: the harness derives the same funded accounts with viem's mnemonicToAccount.
      accounts: { mnemonic: 'test test test test test test test test test test test junk', count: 10 },
      mining: { auto: true },
    },
  },
  paths: {
    root: __dirname,
    sources: path.join(cache, 'no-sources'),
    cache: path.join(cache, 'cache'),
    artifacts: path.join(cache, 'artifacts'),
  },
};
