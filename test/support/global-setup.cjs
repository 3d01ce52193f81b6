const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async (globalConfig) => {
  // The medium and e2e tiers load the app from dist/ (jest.config.cjs): build it when a source is newer.
  execFileSync(process.execPath, [join(__dirname, '../../scripts/build-if-needed.js')], { stdio: 'inherit' });
  await require('./worker-database.cjs').setup(globalConfig);
};
