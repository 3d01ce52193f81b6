import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/config/config.error.js';
import type { RunningServer, ServerOptions } from '../../src/server.js';
import type { MailCapture } from './mail-capture.js';
import { checkResponse } from './response-contract.js';

export interface TestApp extends RunningServer {
  /**
   * fetch against the app: path is below /api, e.g. `/health`. An answer to a documented operation must match
   * openapi.json (status documented, JSON body valid against its schema), or this throws.
   */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<TestResponse>;
  /** The settings the app runs with. */
  config: AppConfig;
  /** The app's DataSource, for a test that sets up or reads rows directly. */
  dataSource: DataSource;
  /**
   * The app's instance of a provider, e.g. `app.provider<JwtKeys>('JwtKeys')`: by name, because the class a test
   * imports is its own sandbox's copy, not the one the app was built from (test/support/native-app.cjs).
   */
  provider<T>(className: string): T;
}

/** What test/support/app-environment.cjs puts in every e2e and medium test file's globals. */
interface NativeApp {
  startApp(env: Record<string, string | undefined>, options: ServerOptions): Promise<Omit<TestApp, 'request'>>;
  migratedSnapshot(): Promise<Blob>;
  appModule<T>(path: string): Promise<T>;
  /** The worker's Hardhat node, from a snapshot released with the lease (test/support/hardhat-process.cjs). */
  acquireHardhatNode(): Promise<{ port: number; lease: string }>;
  releaseHardhatNode(lease: string): Promise<void>;
}
declare global {
  var nativeApp: () => NativeApp;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
  text: string;
}

/**
 * Boots the real app in this process on a free port and talks HTTP to it. Embedded PostgreSQL in memory by
 * default; the real server and Redis when DATABASE_URL / REDIS_URL are set (as `.ci/run` does). The app is the
 * one Node loaded once for this worker (test/support/native-app.cjs), not a copy evaluated in this file.
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: ServerOptions = {},
): Promise<TestApp> {
  const settings = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    // The metrics listener on a free loopback port of its own (app.metricsUrl), never 9464 shared by every app.
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: process.env.DATABASE_URL ?? 'pglite://memory',
    REDIS_URL: process.env.REDIS_URL,
    DATA_DIR: process.env.DATA_DIR ?? './data-test',
    // The drain waits a quarter of this for connections still queued in the kernel before it closes the
    // listener: 1 s of every stop at the default, where these apps, stopped after their last answer, have none
    // (the shutdown suites set theirs).
    SHUTDOWN_TIMEOUT_MS: '400',
    ...env,
  };
  let server: Omit<TestApp, 'request'>;
  try {
    server = await nativeApp().startApp(settings, options);
  } catch (err) {
    // The app's ConfigError is not this sandbox's class: give tests the one they import.
    if ((err as Error | undefined)?.name === 'ConfigError') throw new ConfigError((err as ConfigError).problems);
    throw err;
  }
  return Object.assign(server, {
    request: async (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const response = await request(server.url, path, init);
      // The response-validation net (test/support/response-contract.ts): an answer the spec does not describe
      // fails the test that asked for it.
      checkResponse(init.method ?? 'GET', `/api${path}`, response);
      return response;
    },
  });
}

/** One of the app's own modules (dist/src/<path>), for a test that hands the app something of its kind. */
export function appModule<T>(path: string): Promise<T> {
  return nativeApp().appModule<T>(path);
}

export async function request(
  base: string,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<TestResponse> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  let body = rest.body;
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(json);
  }
  const res = await fetch(base + path, { ...rest, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A scrape of the app's metrics listener (`METRICS_PORT`): the API port does not serve metrics. */
export function scrapeMetrics(app: Pick<TestApp, 'metricsUrl'>, init: RequestInit = {}): Promise<TestResponse> {
  return request(app.metricsUrl, '', init);
}

/** A unique suffix so suites sharing one real database never collide. */
export function unique(prefix = 'u'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Starts `mail` and an app that sends through it, rate limits off (these suites test behaviour, not limits);
 * `env` adds to that (an admin to seed, a pool size).
 */
export async function startWithMail(mail: MailCapture, env: Record<string, string | undefined> = {}): Promise<TestApp> {
  await mail.start();
  return startTestApp({ SMTP_URL: mail.url, RATE_LIMIT_ENABLED: 'false', ...env });
}

export async function stopWithMail(app: TestApp | undefined, mail: MailCapture): Promise<void> {
  await app?.stop();
  await mail.stop();
}
