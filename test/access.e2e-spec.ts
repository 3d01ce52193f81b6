import { SignJWT, decodeJwt } from 'jose';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { JwtKeys } from '../src/auth/tokens/jwt-keys.js';
import { startTestApp, unique, type TestApp } from './support/app.js';
import { bearer, login } from './support/auth-helpers.js';
import { newSigningKey, signingKeysSetting } from './support/signing-keys.js';

const ADMIN_PASSWORD = 'Admin-Strong-Pass-1';
const client = (clientId: string) => ({ authorization: `client ${clientId}` });
const me = (app: TestApp, headers: Record<string, string>) => app.request('/v1/auth/me/', { headers });
/** A partner route that answers 404 once the client authenticated, 401 before. */
const partnerCall = (app: TestApp, clientId: string) =>
  app.request(`/partner/users/${unique('nobody')}`, { headers: client(clientId) });

/** A new user's access token: a wallet sign-in needs no inbox. */
async function walletUser(app: TestApp): Promise<string> {
  const account = privateKeyToAccount(generatePrivateKey());
  const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`);
  const message = nonce.body.message as string;
  const res = await app.request('/v1/auth/login/wallet/', {
    method: 'POST',
    json: { wallet_address: account.address, message, signature: await account.signMessage({ message }) },
  });
  expect(res.status).toBe(200);
  return res.body.access as string;
}

/** An app with its own signing key and its own admin; `env` adds to that (its own database). */
async function startWithAdmin(env: Record<string, string> = {}) {
  const adminEmail = `${unique('admin')}@example.com`;
  const app = await startTestApp({
    RATE_LIMIT_ENABLED: 'false',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD,
    JWT_SIGNING_KEYS: signingKeysSetting(await newSigningKey()),
    ...env,
  });
  const admin = (await login(app, adminEmail, ADMIN_PASSWORD)).access;
  const created = await app.request('/admin/partners', {
    method: 'POST',
    headers: bearer(admin),
    json: { name: unique('Partner '), contact: 'api@partner.example' },
  });
  expect(created.status).toBe(201);
  return { app, admin, clientId: created.body.data.client_id as string };
}

/**
 * The global AccessGuard over passport: each route's decorator picks the strategy, and passport's process-wide
 * strategy registry never lets one app authenticate another app's requests.
 */
describe('access: the global guard and its passport strategies', () => {
  let a: Awaited<ReturnType<typeof startWithAdmin>>;
  let b: Awaited<ReturnType<typeof startWithAdmin>> | undefined;

  beforeAll(async () => {
    a = await startWithAdmin();
  });
  afterAll(async () => {
    await b?.app.stop();
    await a?.app.stop();
  });

  it('refuses a route without an access decorator: not public, a bearer token is needed', async () => {
    const res = await a.app.request('/profile');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect((await a.app.request('/profile', { headers: bearer(a.admin) })).status).toBe(200);
  });

  it('lets @Public() routes through whatever Authorization they carry', async () => {
    for (const authorization of ['Bearer not.a.token', `client ${a.clientId}`, 'Basic Zm9vOmJhcg==']) {
      expect((await a.app.request('/health', { headers: { authorization } })).status).toBe(200);
    }
  });

  it('runs the JWT strategy on @Roles() routes: a token is needed, then the role', async () => {
    expect((await a.app.request('/admin/partners')).body.code).toBe('AUTH.UNAUTHENTICATED');
    const user = await walletUser(a.app);
    expect((await a.app.request('/profile', { headers: bearer(user) })).status).toBe(200);
    const notAdmin = await a.app.request('/admin/partners', { headers: bearer(user) });
    expect({ status: notAdmin.status, code: notAdmin.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN_ROLE' });
    expect((await a.app.request('/admin/partners', { headers: bearer(a.admin) })).status).toBe(200);
  });

  it('refuses a partner client id on a bearer route, and a bearer token on a partner route', async () => {
    const onBearer = await a.app.request('/profile', { headers: client(a.clientId) });
    expect({ status: onBearer.status, code: onBearer.body.code }).toEqual({
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
    });
    const onAdmin = await a.app.request('/admin/partners', { headers: client(a.clientId) });
    expect({ status: onAdmin.status, code: onAdmin.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });

    const onPartner = await a.app.request(`/partner/users/${unique('nobody')}`, { headers: bearer(a.admin) });
    expect({ status: onPartner.status, code: onPartner.body.code }).toEqual({
      status: 401,
      code: 'PARTNER.MISSING_CLIENT_ID',
    });
    expect((await partnerCall(a.app, a.clientId)).status).toBe(404);
  });

  it('refuses a token whose signature was checked once as soon as it expires', async () => {
    // Signed with the app's own key for the admin's live session, expiring in 2 s: the first use verifies the
    // signature and keeps the payload, the use after expiry is answered from what was kept.
    const claims = decodeJwt(a.admin);
    const signing = a.app.provider<JwtKeys>('JwtKeys').signingKey();
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await new SignJWT({ sid: claims.sid, typ: 'access' })
      .setProtectedHeader({ alg: 'ES256', kid: signing.kid })
      .setSubject(claims.sub!)
      .setJti(unique('jti'))
      .setIssuer('blockscore')
      .setAudience('blockscore-api')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(signing.privateKey);
    expect((await me(a.app, bearer(token))).status).toBe(200);
    expect((await me(a.app, bearer(token))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const expired = await me(a.app, bearer(token));
    expect({ status: expired.status, code: expired.body.code }).toEqual({ status: 401, code: 'AUTH.TOKEN_EXPIRED' });
  });

  it("authenticates each app's requests with its own keys and database while another app runs in the process", async () => {
    // A second app booted after the first, with its own signing key and its own (embedded) database: its
    // strategies must not serve the first app's requests, as they would under passport's shared names.
    b = await startWithAdmin({ DATABASE_URL: 'pglite://memory' });
    const statuses = async () => ({
      tokenOnA: (await me(a.app, bearer(a.admin))).status,
      tokenOnB: (await me(b!.app, bearer(b!.admin))).status,
      clientOnA: (await partnerCall(a.app, a.clientId)).status,
      clientOnB: (await partnerCall(b!.app, b!.clientId)).status,
    });
    expect(await statuses()).toEqual({ tokenOnA: 200, tokenOnB: 200, clientOnA: 404, clientOnB: 404 });

    // Each app trusts only its own keys and its own clients.
    const foreignToken = await me(a.app, bearer(b.admin));
    expect({ status: foreignToken.status, code: foreignToken.body.code }).toEqual({
      status: 401,
      code: 'AUTH.INVALID_TOKEN',
    });
    const foreignClient = await partnerCall(a.app, b.clientId);
    expect({ status: foreignClient.status, code: foreignClient.body.code }).toEqual({
      status: 401,
      code: 'PARTNER.UNKNOWN_CLIENT',
    });

    // Closing the second app takes its strategies out of passport's registry and leaves the first app's.
    await b.app.stop();
    b = undefined;
    expect((await me(a.app, bearer(a.admin))).status).toBe(200);
    expect((await partnerCall(a.app, a.clientId)).status).toBe(404);
  });
});
