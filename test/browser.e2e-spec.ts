import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWithMail, unique, type TestApp } from './support/app.js';
import { bearer, login, registerVerified, type Account } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';

/**
 * Swagger UI in a real browser: Debian's Chromium (`apt-get install chromium`, or CHROMIUM_PATH) driven by
 * playwright-core. Without a Chromium the suite is skipped with a printed reason on a developer machine, and
 * fails under CI=true (as `.ci/run` exports), so a missing browser never passes silently.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `SKIPPED test/browser.e2e-spec.ts: no Chromium at ${CHROMIUM}. ` +
      'Install it (`apt-get install chromium`) or point CHROMIUM_PATH at a Chromium binary.',
  );
}
const suite = HAVE_CHROMIUM || IN_CI ? describe : describe.skip;

/**
 * The browser reaches the app by a plain-HTTP host name rather than 127.0.0.1: loopback is a "potentially
 * trustworthy" origin to Chromium, which would hide what a colleague opening http://<host>:5000/api/docs sees
 * (e.g. a CSP upgrade-insecure-requests sending every asset to HTTPS).
 */
const DOCS_HOST = 'blockscore-docs.test';
const UI_TIMEOUT = 20_000;
/** Chromium's own notice on a non-HTTPS origin (helmet sends the header); it changes nothing on the page. */
const BENIGN = [/Cross-Origin-Opener-Policy header has been ignored/];

/** Chromium with each of `hosts` resolving to this machine. */
function launch(hosts: string[]): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespace for the sandbox, and /dev/shm may be tiny there.
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      `--host-resolver-rules=${hosts.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`,
    ],
    timeout: 30_000,
  });
}

suite('Swagger UI in Chromium', () => {
  let app: TestApp;
  let browser: Browser | undefined;
  const mail = new MailCapture();
  let account: Account;
  let token: string;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(
        `CI=true but no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    }
    app = await startWithMail(mail);
    account = await registerVerified(app, mail);
    token = (await login(app, account.email)).access;
    browser = await launch([DOCS_HOST]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await mail.stop();
  });

  /** Runs a browser scenario; on failure saves a full-page screenshot to a temp dir and prints its path. */
  async function withPage(name: string, scenario: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
    const context = await browser!.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !BENIGN.some((re) => re.test(msg.text())))
        problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    // Chromium logs CSP violations to the console too; this names the directive and what it blocked.
    // (Page scripts are strings: this project compiles without the DOM types.)
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) =>
        console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)')));`,
    });
    try {
      await scenario(page, problems);
    } catch (err) {
      const dir = await mkdtemp(join(tmpdir(), 'blockscore-browser-'));
      const file = join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(
        `browser test "${name}" failed; screenshot: ${file}\nproblems seen:\n${problems.join('\n') || 'none'}`,
      );
      throw err;
    } finally {
      await context.close();
    }
  }

  it('authorizes with a token from a real login and runs "Try it out" on GET /api/profile to a 200', async () => {
    await withPage('swagger-try-profile', async (page, problems) => {
      const docsUrl = `${app.url.replace('127.0.0.1', DOCS_HOST)}/docs`;
      const docs = await page.goto(docsUrl, { waitUntil: 'load' });
      expect(docs?.status()).toBe(200);

      const operation = page.locator('.opblock.opblock-get', {
        has: page.locator('.opblock-summary-path[data-path="/api/profile"]'),
      });
      await operation.waitFor({ state: 'visible' });

      // Authorize: paste the token into the bearer scheme (found by its heading, which stays once authorized).
      await page.locator('.scheme-container button.authorize').click();
      const dialog = page.locator('.dialog-ux .modal-ux');
      await dialog.waitFor({ state: 'visible' });
      const bearerScheme = dialog.locator('.auth-container', { has: page.locator('h4', { hasText: /^bearer\b/ }) });
      await bearerScheme.locator('#auth-bearer-value').fill(token);
      await bearerScheme.locator('button.authorize[type="submit"]').click();
      await bearerScheme.locator('button', { hasText: 'Logout' }).waitFor({ state: 'visible' });
      await bearerScheme.locator('button.btn-done').click();
      await dialog.waitFor({ state: 'detached' });

      // Expand GET /api/profile, Try it out, Execute.
      await operation.locator('.opblock-summary-control').click();
      await operation.locator('.try-out__btn').click();
      await operation.locator('button.execute').click();

      const status = operation.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor({ state: 'visible' });
      expect((await status.innerText()).trim()).toBe('200');
      const body = operation.locator('.live-responses-table tbody .response-col_description').first();
      await expect(body.innerText()).resolves.toContain(account.email);
      // The request Swagger UI sent carried the pasted token.
      await expect(operation.locator('.curl-command').innerText()).resolves.toContain(`Bearer ${token}`);

      expect(problems).toEqual([]);

      // The watch above is live: the page's CSP still refuses an inline script, and the refusal is seen.
      const refused = page.waitForEvent('console', {
        predicate: (m) => m.text().startsWith('CSP violation: script-src'),
      });
      await page.evaluate(`{
        const script = document.createElement('script');
        script.textContent = 'document.body.dataset.inlineRan = "yes"';
        document.head.appendChild(script);
      }`);
      await refused;
      expect(await page.evaluate('document.body.dataset.inlineRan ?? null')).toBeNull();
    });
  });
});

/**
 * Issue 14, finding 1: a web app on an allowed origin can use every method the API serves (PATCH and DELETE
 * included), and one on another origin cannot, as Chromium itself enforces CORS: the page's own fetch().
 */
suite('CORS for a web app in Chromium', () => {
  const APP_HOST = 'app.blockscore.test';
  const OTHER_HOST = 'other.blockscore.test';
  const API_HOST = 'api.blockscore.test';
  let pages: Server;
  let pagesPort: number;
  let app: TestApp;
  let browser: Browser | undefined;
  const mail = new MailCapture();
  const adminEmail = `${unique('admin')}@example.com`;
  const adminPassword = 'Admin-Strong-Pass-1';
  let adminToken: string;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true but no Chromium at ${CHROMIUM}`);
    // The web app's origin: an empty page, on a port of its own.
    pages = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>'));
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pagesPort = (pages.address() as AddressInfo).port;
    app = await startWithMail(mail, {
      CORS_ORIGINS: `http://${APP_HOST}:${pagesPort}`,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
    });
    adminToken = (await login(app, adminEmail, adminPassword)).access;
    browser = await launch([APP_HOST, OTHER_HOST, API_HOST]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await mail.stop();
    await new Promise((resolve) => pages?.close(resolve));
  });

  const api = () => app.url.replace('127.0.0.1', API_HOST);

  /** fetch() of an API path (under /api) by a page of `host`: the status and body, or the error the browser raised. */
  async function fetchFrom(host: string, path: string, init: { method: string; token: string; json?: unknown }) {
    const page = await browser!.newPage();
    try {
      await page.goto(`http://${host}:${pagesPort}/`);
      const request = JSON.stringify({
        method: init.method,
        headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      // A string: this project compiles without the DOM types.
      return await page.evaluate<{ status?: number; body?: Record<string, unknown>; error?: string }>(
        `fetch(${JSON.stringify(api() + path)}, ${request})
          .then(async (r) => ({ status: r.status, body: await r.json() }))
          .catch((e) => ({ error: String(e) }))`,
      );
    } finally {
      await page.close();
    }
  }

  it('lets the allowed origin PATCH and DELETE, and refuses another origin before its request is sent', async () => {
    const account = await registerVerified(app, mail);
    const token = (await login(app, account.email)).access;

    const patched = await fetchFrom(APP_HOST, '/profile', {
      method: 'PATCH',
      token,
      json: { bio: 'from the web app' },
    });
    expect(patched.error).toBeUndefined();
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ success: true, data: { profile: { bio: 'from the web app' } } });

    const created = await app.request('/admin/partners', {
      method: 'POST',
      headers: bearer(adminToken),
      json: { name: 'CORS Partner', contact: 'api@partner.example' },
    });
    expect(created.status).toBe(201);
    const partnerId = created.body.data.id as string;
    const deleted = await fetchFrom(APP_HOST, `/admin/partners/${partnerId}`, {
      method: 'DELETE',
      token: adminToken,
    });
    expect(deleted.error).toBeUndefined();
    expect(deleted.status).toBe(200);

    // Another origin: Chromium's preflight is refused, so the PATCH is never sent and nothing changes.
    const refused = await fetchFrom(OTHER_HOST, '/profile', { method: 'PATCH', token, json: { bio: 'hijacked' } });
    expect(refused.status).toBeUndefined();
    expect(refused.error).toMatch(/TypeError/);
    const profile = await app.request('/profile', { headers: bearer(token) });
    expect(profile.body.data.profile.bio).toBe('from the web app');
  });

  it('allows in a preflight every method the OpenAPI document lists, and nothing more', async () => {
    const document = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = new Set(
      Object.values(document.paths).flatMap((item) =>
        Object.keys(item).filter((k) => ['get', 'put', 'post', 'patch', 'delete'].includes(k)),
      ),
    );
    const preflight = await fetch(`${app.url}/profile`, {
      method: 'OPTIONS',
      headers: { origin: `http://${APP_HOST}:${pagesPort}`, 'access-control-request-method': 'PATCH' },
    });
    expect(preflight.status).toBe(204);
    const allowed = new Set(
      (preflight.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim()),
    );
    for (const method of documented) expect(allowed).toContain(method.toUpperCase());
    expect([...allowed].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST']);
  });
});
