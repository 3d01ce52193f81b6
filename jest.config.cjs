// ESM TypeScript through ts-jest, file by file (isolatedModules: no type check here; `npm run typecheck` does it).
// The medium and e2e tiers run the app as `nest build` made it (dist/, the Swagger CLI plugin applied): a test's
// import of ../src/x.js loads dist/src/x.js, built first by globalSetup when a source is newer. Compiling the app
// per test file with a type-checking language service was about half of each file's time.
const transform = { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }] };
const RELATIVE_JS = { '^(\\.{1,2}/.*)\\.js$': '$1' };
// The typed client's examples import it by its package name, as its users do (clients/typescript/tsconfig.json).
const RELATIVE_JS_AND_CLIENT = { '^@blockscore/client$': '<rootDir>/clients/typescript/src/index.ts', ...RELATIVE_JS };
const common = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: RELATIVE_JS_AND_CLIENT,
  transform,
  // Nest's ES modules evaluated before the CommonJS @nestjs/throttler requires them: see the file.
  setupFilesAfterEnv: ['<rootDir>/test/support/esm-first.ts'],
  // A real DATABASE_URL becomes one database per worker (test/support/worker-database.cjs says why).
  setupFiles: ['<rootDir>/test/support/worker-env.cjs'],
};
/**
 * Tests' imports of the app (../src/…, ../../src/…) load the build; first match wins, so it comes first. The apps
 * they boot, Node loads once per worker (test/support/app-environment.cjs).
 */
const onBuild = {
  moduleNameMapper: { '^(?:\\.\\./)+src/(.*)$': '<rootDir>/dist/src/$1', ...RELATIVE_JS_AND_CLIENT },
  testEnvironment: '<rootDir>/test/support/app-environment.cjs',
};

module.exports = {
  // e2e suites boot the whole app (and an embedded database) in beforeAll; on two shared cores that can
  // take tens of seconds, so a hang is told from slowness at two minutes.
  testTimeout: 120000,
  // jest's default on two cores is one worker, but an e2e file mostly waits (HTTP round trips, timers, child
  // processes, the database), so two files at once finish sooner. Each worker boots its own apps and embedded
  // databases (ports are all 0 or free ones, users unique), and with a real DATABASE_URL a database of its own;
  // files share only REDIS_URL, which the suites are written to share. Four workers on two loaded cores were faster still but not
  // stable: a response-time comparison (abuse-timing), a pool connect timeout (abuse-endorsements) and the
  // stalled-loop shutdown case failed under the CPU contention. JEST_WORKERS (or --maxWorkers) overrides.
  maxWorkers: Number(process.env.JEST_WORKERS ?? 2),
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/deploy/**/*.spec.ts'] },
    // Services on a real database (embedded, or DATABASE_URL's) in a Nest testing module: no HTTP, no app boot.
    { ...common, ...onBuild, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.spec.ts'] },
    { ...common, ...onBuild, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
