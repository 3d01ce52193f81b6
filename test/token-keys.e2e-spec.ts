import { createPublicKey, randomBytes } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migratedSnapshot } from './support/migrated-snapshot.js';
import { startTestApp, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';
import { newSigningKey, signingKeysSetting, type TestSigningKey } from './support/signing-keys.js';

const ISSUER = 'blockscore';
const AUDIENCE = 'blockscore-api';
const secret = () => randomBytes(48).toString('base64url');
const me = (app: TestApp, token: string) => app.request('/v1/auth/me/', { headers: bearer(token) });
const jwksUrl = (app: TestApp) => new URL(`${app.url}/.well-known/jwks.json`);
const kids = async (app: TestApp) =>
  ((await app.request('/.well-known/jwks.json')).body as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);

/** An access token with every claim a real one has, copied from `claims`; the caller picks header and key. */
function accessLike(claims: ReturnType<typeof decodeJwt>): SignJWT {
  return new SignJWT({ sid: claims.sid, typ: 'access' })
    .setSubject(claims.sub!)
    .setJti(claims.jti!)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m');
}

describe('access tokens verifiable by anyone: the JWKS', () => {
  const mail = new MailCapture();
  // What an upgraded deployment has: the former JWT_ACCESS_SECRET kept as CODE_HASH_SECRET (README, "Tokens").
  const formerAccessSecret = secret();
  const refreshSecret = secret();
  let app: TestApp;
  let access: string;
  let refresh: string;
  let accountId: string;

  beforeAll(async () => {
    await mail.start();
    // Rate limits on, as deployed: the JWKS route's own limit is under test.
    app = await startTestApp({
      SMTP_URL: mail.url,
      CODE_HASH_SECRET: formerAccessSecret,
      JWT_REFRESH_SECRET: refreshSecret,
    });
    const account = await registerVerified(app, mail);
    accountId = account.id;
    ({ access, refresh } = await login(app, account.email));
  });
  afterAll(async () => {
    await app?.stop();
    await mail.stop();
  });

  it('publishes the public signing key at /api/.well-known/jwks.json: no token needed, cacheable, rate-limited', async () => {
    const res = await app.request('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
    expect(res.body).toEqual({
      keys: [
        {
          kty: 'EC',
          crv: 'P-256',
          x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          y: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          kid: decodeProtectedHeader(access).kid,
          use: 'sig',
          alg: 'ES256',
        },
      ],
    });
    // Exactly those members: never the private `d`.
    expect(Object.keys(res.body.keys[0]).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it("verifies a real login's access token with jose's createRemoteJWKSet against that URL", async () => {
    const { payload, protectedHeader } = await jwtVerify(access, createRemoteJWKSet(jwksUrl(app)), {
      algorithms: ['ES256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({ sub: accountId, typ: 'access', sid: expect.any(String), jti: expect.any(String) });
  });

  it('publishes nothing that verifies a refresh token: a verifier trusting our JWKS can never take one for an access token', async () => {
    expect(decodeProtectedHeader(refresh).alg).toBe('HS256');
    await expect(
      jwtVerify(refresh, createRemoteJWKSet(jwksUrl(app)), { issuer: ISSUER, audience: AUDIENCE }),
    ).rejects.toThrow();
  });

  it('links the JWKS from the OpenAPI document', async () => {
    const doc = (await app.request('/docs-json')).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      'x-jwks-uri': '/api/.well-known/jwks.json',
      description: expect.stringContaining('/api/.well-known/jwks.json'),
    });
    expect(doc.paths['/api/.well-known/jwks.json'].get.security).toEqual([]);
  });

  it('refuses an access token signed with a key it never published, whatever kid it names', async () => {
    const claims = decodeJwt(access);
    const stranger = await newSigningKey();
    const ourKid = decodeProtectedHeader(access).kid!;
    for (const kid of [stranger.kid, ourKid, undefined]) {
      const forged = await accessLike(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(stranger.privateKey);
      const res = await me(app, forged);
      expect({ kid, status: res.status, code: res.body.code }).toEqual({
        kid,
        status: 401,
        code: 'AUTH.INVALID_TOKEN',
      });
    }
    expect((await me(app, access)).status).toBe(200);
  });

  it('refuses HS256 access tokens: signed with the old shared secret, the refresh secret, or our public key as the secret', async () => {
    const claims = decodeJwt(access);
    const ourKid = decodeProtectedHeader(access).kid!;
    const jwk = (await app.request('/.well-known/jwks.json')).body.keys[0];
    const publicPem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const hmacKeys = {
      'the old shared secret': formerAccessSecret,
      'the refresh secret': refreshSecret,
      'the public key (PEM)': publicPem,
      'the public key (JWK JSON)': JSON.stringify(jwk),
    };
    for (const [name, key] of Object.entries(hmacKeys)) {
      for (const header of [
        { alg: 'HS256', typ: 'JWT' },
        { alg: 'HS256', typ: 'JWT', kid: ourKid },
      ]) {
        const token = await accessLike(claims).setProtectedHeader(header).sign(new TextEncoder().encode(key));
        const res = await me(app, token);
        expect({ name, header, status: res.status }).toEqual({ name, header, status: 401 });
      }
    }
  });

  it('refuses alg none, with or without our kid', async () => {
    const claims = decodeJwt(access);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const ourKid = decodeProtectedHeader(access).kid!;
    for (const header of [{ alg: 'none' }, { alg: 'none', typ: 'JWT', kid: ourKid }]) {
      // The bearer syntax needs a third segment: an empty signature, and one copied from a real token.
      for (const signature of ['', access.split('.')[2]]) {
        const token = `${b64(header)}.${b64(claims)}.${signature}`;
        const res = await me(app, token);
        expect({ header, signature, status: res.status }).toEqual({ header, signature, status: 401 });
      }
    }
  });
});

describe('key rotation: settings change and restart', () => {
  const mail = new MailCapture();
  let embedded: EmbeddedPostgres | null = null;
  let base: Record<string, string | undefined>;
  let keyA: TestSigningKey;
  let keyB: TestSigningKey;

  beforeAll(async () => {
    await mail.start();
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      // Outside the app, so that it outlives each instance as a deployed database does.
      embedded = await startEmbeddedPostgres(null, 40, await migratedSnapshot());
      databaseUrl = embedded.url;
    }
    [keyA, keyB] = await Promise.all([newSigningKey(), newSigningKey()]);
    // Deployed instances keep their secrets across restarts; only the signing keys change here.
    base = {
      DATABASE_URL: databaseUrl,
      SMTP_URL: mail.url,
      RATE_LIMIT_ENABLED: 'false',
      JWT_REFRESH_SECRET: secret(),
      CODE_HASH_SECRET: secret(),
    };
  }, 120_000);
  afterAll(async () => {
    await embedded?.stop();
    await mail.stop();
  });

  /** Runs `body` against an instance started with JWT_SIGNING_KEYS=`keys`, then stops it. */
  async function withInstance<T>(keys: TestSigningKey[], body: (app: TestApp) => Promise<T>): Promise<T> {
    const app = await startTestApp({ ...base, JWT_SIGNING_KEYS: signingKeysSetting(...keys) });
    try {
      return await body(app);
    } finally {
      await app.stop();
    }
  }

  it('signs new tokens with a newly added key while the previous key verifies its tokens until it is removed', async () => {
    const before = await withInstance([keyA], async (app) => {
      const account = await registerVerified(app, mail);
      const tokens = await login(app, account.email);
      expect(decodeProtectedHeader(tokens.access).kid).toBe(keyA.kid);
      expect(await kids(app)).toEqual([keyA.kid]);
      return { account, tokens };
    });

    // B added in front: it signs; A still verifies what it signed.
    const after = await withInstance([keyB, keyA], async (app) => {
      expect(await kids(app)).toEqual([keyB.kid, keyA.kid]);
      expect((await me(app, before.tokens.access)).status).toBe(200);
      const jwks = createRemoteJWKSet(jwksUrl(app));
      const verified = await jwtVerify(before.tokens.access, jwks, { issuer: ISSUER, audience: AUDIENCE });
      expect(verified.protectedHeader.kid).toBe(keyA.kid);
      const tokens = await login(app, before.account.email);
      expect(decodeProtectedHeader(tokens.access).kid).toBe(keyB.kid);
      expect((await jwtVerify(tokens.access, jwks, { issuer: ISSUER, audience: AUDIENCE })).payload.sub).toBe(
        before.account.id,
      );
      expect((await me(app, tokens.access)).status).toBe(200);
      return { tokens };
    });

    // A removed (its last token would have expired by now): it verifies nothing, B carries on.
    await withInstance([keyB], async (app) => {
      expect(await kids(app)).toEqual([keyB.kid]);
      const old = await me(app, before.tokens.access);
      expect(old.status).toBe(401);
      expect(old.body.code).toBe('AUTH.INVALID_TOKEN');
      expect((await me(app, after.tokens.access)).status).toBe(200);
      // Sessions are not keys: a refresh token from A's days still renews, now under B.
      const renewed = await app.request('/v1/auth/token/refresh/', {
        method: 'POST',
        json: { refresh: before.tokens.refresh },
      });
      expect(renewed.status).toBe(200);
      expect(decodeProtectedHeader(renewed.body.access as string).kid).toBe(keyB.kid);
    });
  }, 300_000);
});
