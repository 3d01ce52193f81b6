// Compiles every .sol file beside this script with solc-js and prints {ContractName: {abi, bytecode}} as JSON.
// Run as a child process by test/support/hardhat-contracts.ts, which caches the output: loading the
// compiler inside a jest worker would cost memory on every run.
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const sources = {};
for (const file of readdirSync(__dirname)
  .filter((f) => f.endsWith('.sol'))
  .sort()) {
  sources[file] = { content: readFileSync(path.join(__dirname, file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Cancun runs on every Hardhat 2 node in use; newer defaults could emit opcodes an older node lacks.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
if (errors.length) {
  process.stderr.write(errors.map((e) => e.formattedMessage).join('\n'));
  process.exit(1);
}
const contracts = {};
for (const file of Object.keys(output.contracts)) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    contracts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  }
}
process.stdout.write(JSON.stringify({ solc: solc.version(), contracts }));
