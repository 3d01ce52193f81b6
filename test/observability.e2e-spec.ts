import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
// js-yaml 5 ships ESM without a default export, so import the namespace.
import * as yaml from 'js-yaml';
import { startTestApp, type TestApp } from './support/app.js';
import { exportedNames, queriedNames } from './support/prometheus-names.js';

/**
 * docker/observability against the service: every metric the Grafana dashboard and the alert rules read is one a
 * live instance exports; `promtool` checks the rules and runs their unit tests (alerts.test.yml); the real
 * Prometheus scrapes a live instance, evaluates the rules on what it scraped and answers every dashboard query.
 * Prometheus comes from Debian's `prometheus` package (/usr/bin/prometheus and /usr/bin/promtool, or
 * PROMETHEUS_PATH / PROMTOOL_PATH). Without it the Prometheus suite is skipped with a printed reason on a
 * developer machine, and fails under CI=true (as `.ci/run` exports), so a broken rule never passes silently.
 */
const DIR = join(process.cwd(), 'docker', 'observability');
const ALERTS = join(DIR, 'alerts.yml');
const ALERT_TESTS = join(DIR, 'alerts.test.yml');
const DASHBOARD = join(DIR, 'grafana', 'dashboards', 'blockscore.json');
const PROMETHEUS = process.env.PROMETHEUS_PATH || '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_PATH || '/usr/bin/promtool';
const HAVE_PROMETHEUS = existsSync(PROMETHEUS) && existsSync(PROMTOOL);
const IN_CI = process.env.CI === 'true';
if (!HAVE_PROMETHEUS && !IN_CI) {
  console.warn(
    `SKIPPED the Prometheus suite of test/observability.e2e-spec.ts: no ${PROMETHEUS} or ${PROMTOOL}. ` +
      'Install them (`apt-get install --no-install-recommends prometheus`) or set PROMETHEUS_PATH and PROMTOOL_PATH.',
  );
}
const prometheusSuite = HAVE_PROMETHEUS || IN_CI ? describe : describe.skip;
const run = promisify(execFile);

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: Array<{ name: string; query: string | { query: string } }> };
}
interface RuleFile {
  groups: Array<{
    rules: Array<{
      alert: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }>;
  }>;
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const rules = (yaml.load(readFileSync(ALERTS, 'utf8')) as RuleFile).groups.flatMap((group) => group.rules);
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).filter((p) => p.type !== 'row');
/** Every PromQL expression of the dashboard, named for a failure message. */
const dashboardQueries: Array<[string, string]> = [
  ...panels.flatMap((panel) => (panel.targets ?? []).map((t): [string, string] => [`panel "${panel.title}"`, t.expr])),
  ...dashboard.templating.list.map((v): [string, string] => [
    `variable $${v.name}`,
    typeof v.query === 'string' ? v.query : v.query.query,
  ]),
];
const alertQueries = rules.map((rule): [string, string] => [`alert ${rule.alert}`, rule.expr]);

/** The service's metrics listener (METRICS_PORT): the API port does not serve them. */
function metricsUrl(app: TestApp): string {
  return app.metricsUrl;
}

let app: TestApp;
let exposition: string;
beforeAll(async () => {
  // With Redis configured, so that its gauge is exported: the real one when REDIS_URL is set (CI's second pass),
  // else an address nothing listens on (the gauge then reads 0, which is what the alert watches for).
  app = await startTestApp({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:1/0', TRUST_PROXY: '1' });
  // A request of each kind the dashboard groups by, so the counters have series too. From an address of its own:
  // in a shared Redis, 127.0.0.1's login limit may be spent by a suite running beside this one.
  await app.request('/auth/login', {
    method: 'POST',
    headers: {
      'x-forwarded-for': `10.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}.7`,
    },
    json: { email: 'nobody@example.com', password: 'not-a-password' },
  });
  const res = await fetch(metricsUrl(app));
  expect(res.status).toBe(200);
  exposition = await res.text();
}, 120_000);
afterAll(() => app?.stop());

describe('the dashboard and the alert rules read what the service exports', () => {
  it('reads only metrics a live instance exports (histogram _bucket/_sum/_count included)', () => {
    const exported = exportedNames(exposition);
    const unknown = [...dashboardQueries, ...alertQueries].flatMap(([where, expr]) =>
      queriedNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has a query on every panel and shows what the issue asks for', () => {
    for (const panel of panels) expect([panel.title, (panel.targets ?? []).length > 0]).toEqual([panel.title, true]);
    const read = new Set(dashboardQueries.flatMap(([, expr]) => queriedNames(expr)));
    // request rate and errors, latency, pool, Redis fallback, circuit, outbox lag, memory, event-loop delay
    expect([...read].sort()).toEqual(
      expect.arrayContaining([
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'db_pool_connections',
        'rate_limit_store_fallback_total',
        'redis_connected',
        'blockchain_circuit_open',
        'outbox_oldest_pending_seconds',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_p99_seconds',
      ]),
    );
  });

  it('gives every alert a for, a severity, a summary, a description and a runbook in README', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'BlockScoreChainCircuitOpen',
      'BlockScoreDatabasePoolSaturated',
      'BlockScoreHigh5xxRatio',
      'BlockScoreOutboxLag',
      'BlockScoreP99OverBudget',
      'BlockScoreRedisDown',
      'BlockScoreRedisFallbackActive',
    ]);
    for (const rule of rules) {
      expect({ alert: rule.alert, for: rule.for, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        for: expect.stringMatching(/^\d+[smh]$/),
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      expect(rule.annotations).toEqual({
        summary: expect.any(String),
        description: expect.any(String),
        runbook_url: `README.md#${rule.alert.toLowerCase()}`,
      });
    }
    // Each runbook anchor is a heading of that name in README.
    const headings = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((match) => match[1].trim()));
    expect(rules.map((rule) => rule.alert).filter((alert) => !headings.has(alert))).toEqual([]);
  });
});

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `check` until it returns a value (not undefined), or fails with the last thing it saw. */
async function poll<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

prometheusSuite('Prometheus and promtool on docker/observability', () => {
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let api: string;
  let log = '';

  beforeAll(async () => {
    if (!HAVE_PROMETHEUS) {
      throw new Error(
        `CI=true but no ${PROMETHEUS} or ${PROMTOOL}: install Debian's prometheus package or set PROMETHEUS_PATH and PROMTOOL_PATH`,
      );
    }
    dir = await mkdtemp(join(tmpdir(), 'blockscore-prometheus-'));
    const target = new URL(metricsUrl(app));
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [ALERTS],
      scrape_configs: [
        {
          job_name: 'blockscore',
          scheme: target.protocol.replace(':', ''),
          metrics_path: target.pathname,
          static_configs: [{ targets: [target.host] }],
        },
      ],
    };
    await writeFile(join(dir, 'prometheus.yml'), yaml.dump(config));
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v1`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    prometheus.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  }, 60_000);
  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** GET on the Prometheus HTTP API; undefined until it answers. */
  async function get<T>(path: string): Promise<{ status: string; data: T; error?: string } | undefined> {
    try {
      const res = await fetch(api + path);
      return (await res.json()) as { status: string; data: T; error?: string };
    } catch {
      if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
      return undefined;
    }
  }

  it('checks the rules and the compose stack config (promtool check)', async () => {
    await expect(run(PROMTOOL, ['check', 'rules', ALERTS])).resolves.toMatchObject({
      stdout: expect.stringContaining('SUCCESS: 7 rules found'),
    });
    await expect(run(PROMTOOL, ['check', 'config', join(DIR, 'prometheus.yml')])).resolves.toBeDefined();
  });

  it('passes the rules unit tests: each alert fires and clears (promtool test rules)', async () => {
    const { stdout } = await run(PROMTOOL, ['test', 'rules', ALERT_TESTS]);
    expect(stdout).toContain('SUCCESS');
  });

  it('scrapes a live instance: the target is up and a service metric has a sample', async () => {
    type Targets = { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> };
    const target = await poll('a successful scrape', async () => {
      const found = (await get<Targets>('/targets'))?.data.activeTargets[0];
      return found?.health === 'up' ? found : undefined;
    });
    expect({ ...target, scrapeUrl: new URL(target.scrapeUrl).href }).toMatchObject({
      health: 'up',
      lastError: '',
      scrapeUrl: new URL(metricsUrl(app)).href,
    });

    type Vector = { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    const query = encodeURIComponent('http_requests_total{job="blockscore",route="/api/auth/login"}');
    const answer = await poll('a sample of http_requests_total', async () => {
      const found = await get<Vector>(`/query?query=${query}`);
      return found?.data.result.length ? found.data : undefined;
    });
    expect(answer.result[0]).toMatchObject({
      metric: { __name__: 'http_requests_total', job: 'blockscore', route: '/api/auth/login', status: '401' },
      value: [expect.any(Number), '1'],
    });
  });

  it('evaluates every alert rule on the scraped series without an error', async () => {
    type Rules = { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    const evaluated = await poll('an evaluation of every rule', async () => {
      const found = (await get<Rules>('/rules'))?.data.groups.flatMap((group) => group.rules) ?? [];
      return found.length === rules.length && found.every((rule) => rule.health !== 'unknown') ? found : undefined;
    });
    expect(evaluated.map(({ name, health, lastError }) => ({ name, health, lastError: lastError || '' }))).toEqual(
      rules.map((rule) => ({ name: rule.alert, health: 'ok', lastError: '' })),
    );
  });

  it('answers every dashboard query (Grafana variables filled in) without an error', async () => {
    const failures: string[] = [];
    for (const [where, expr] of dashboardQueries) {
      if (expr.startsWith('label_values(')) continue; // a Grafana variable query, not PromQL
      const promql = expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$job', 'blockscore')
        .replaceAll('$instance', '.*');
      const answer = await get<unknown>(`/query?query=${encodeURIComponent(promql)}`);
      if (answer?.status !== 'success') failures.push(`${where}: ${answer?.error ?? 'no answer'} (${promql})`);
    }
    expect(failures).toEqual([]);
  });
});
