// The e2e and medium tiers' jest environment: Node's own, plus `nativeApp()` in every test file's globals, the
// app loaded natively once per worker (native-app.cjs says why). Jest loads an environment with Node's require,
// whose cache outlives each test file's sandbox, so this module and what it loads are shared by the files a worker
// runs.
const { TestEnvironment } = require('jest-environment-node');

class AppEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.global.nativeApp = () => require('./native-app.cjs');
  }
}

module.exports = AppEnvironment;
