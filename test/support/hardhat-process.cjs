// The jest worker's one Hardhat 2 node (`hardhat node`, a child process), started the first time a test file asks
// for a chain and kept until the worker exits: native-app.cjs exports this, so like it this module is loaded once
// per worker and shared by the files the worker runs one after another. Starting a node costs seconds of CPU;
// a chain that is clean for each file costs an evm_snapshot and an evm_revert. test/support/hardhat-node.ts is
// the test files' side.
const { spawn } = require('node:child_process');
const { createServer } = require('node:net');
const { dirname, join } = require('node:path');

const CONFIG = join(__dirname, '..', 'contracts', 'hardhat.config.cjs');
const HARDHAT_CLI = join(dirname(require.resolve('hardhat/package.json')), 'internal', 'cli', 'bootstrap.js');
const START_TIMEOUT_MS = 30_000;

/** Promise of `{ child, port }` while a node runs or starts; null before the first file asks, or after a crash. */
let node = null;
/** The running node's process: an exit of any other (one already given up on) changes nothing. */
let current = null;
/** The snapshot the file holding the chain started from, or null when no file holds it. */
let held = null;
/** Lease operations one at a time: a snapshot taken while the last file's revert is under way would keep its state. */
let queue = Promise.resolve();
const serially = (work) => {
  const result = queue.then(work);
  queue = result.catch(() => undefined);
  return result;
};

/**
 * The chain for one test file, from the state every file starts from: the port of the worker's node and the
 * lease to hand back to releaseHardhatNode (the snapshot id, a plain string: objects made here are not the
 * sandbox's classes).
 * A lease still held by an earlier file (one that never released it) is reverted first.
 */
function acquireHardhatNode() {
  return serially(async () => {
    // Its failure is that file's: the revert gave up on the node, so this file gets a new one.
    if (held !== null) await revert(await running(), held).catch(() => undefined);
    const { port } = await running();
    held = await rpc(port, 'evm_snapshot');
    return { port, lease: held };
  });
}

/**
 * Puts the chain back as the lease found it: contracts, balances, blocks and the time evm_increaseTime moved
 * (Hardhat 2's revert restores the time offset). Releasing twice, or a lease already reverted, does nothing.
 */
function releaseHardhatNode(lease) {
  return serially(async () => {
    if (held === null || held !== lease || node === null) return;
    await revert(await node, lease);
  });
}

async function revert({ child, port }, snapshot) {
  held = null;
  try {
    // false when the node no longer has the snapshot.
    if (!(await rpc(port, 'evm_revert', [snapshot]))) throw new Error(`hardhat node: evm_revert(${snapshot}) failed`);
  } catch (err) {
    // A chain that could not be put back would carry this file's state into the next: the next gets a new node.
    forget(child);
    child.kill('SIGKILL');
    throw err;
  }
}

function forget(child) {
  if (current !== child) return;
  current = null;
  node = null;
  held = null;
}

function running() {
  node ??= start().catch((err) => {
    node = null;
    throw err;
  });
  return node;
}

async function start() {
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
  // The worker's exit ends the node: jest's workers exit when the run ends, and a run in band is jest's own
  // process, which would otherwise wait on the child forever.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  current = child;
  child.once('exit', () => {
    process.removeListener('exit', kill);
    // A node that died (killed, crashed) is started afresh by the next file that asks; its snapshots died with it.
    forget(child);
  });
  try {
    await waitForStart(child, START_TIMEOUT_MS);
  } catch (err) {
    current = null;
    kill();
    throw err;
  }
  return { child, port };
}

async function rpc(port, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function waitForStart(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`hardhat node did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.includes('Started HTTP and WebSocket JSON-RPC server')) done();
    };
    const onExit = (code) => fail(new Error(`hardhat node exited (${code}) before it started:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      // Keep draining the pipes: a full pipe would block the node's logging (every RPC call) and then the node.
      child.stdout.resume();
      child.stderr.resume();
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const fail = (err) => {
      cleanup();
      reject(err);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

function freePort() {
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

module.exports = { acquireHardhatNode, releaseHardhatNode };
