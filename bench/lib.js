// Shared bench helpers: start the built service in its own process, run autocannon, summarise.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

export const root = new URL('..', import.meta.url).pathname;

export async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  return port;
}

/**
 * Starts `node dist/src/main.js` with env; resolves when /api/health/live answers (`metricsUrl`: its metrics
 * listener). `dir`: another built checkout
 * (a baseline to compare against in the same run), this one by default; `script`: another entry point.
 */
export async function startService(env, dir = root, script = 'dist/src/main.js') {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [script], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      METRICS_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/api/health/live`);
      if (res.ok) return { url, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, child, stop: () => stop(child) };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('service did not start');
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 10000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 50, duration: 10, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * run() in a process of its own: a probe that must not share an event loop with the load generator, as a
 * monitor on another host would not. Resolves with autocannon's result (latency and requests summaries).
 */
export async function runApart(opts) {
  const child = spawn(process.execPath, [new URL('./run-apart.js', import.meta.url).pathname, JSON.stringify(opts)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`run-apart exited ${code}`);
  return JSON.parse(out);
}
