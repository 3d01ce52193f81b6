import { Signature, Wallet } from 'ethers';
import { SiweMessage } from 'siwe';
import { parseSignature, serializeCompactSignature, signatureToCompactSignature } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { startTestApp, type TestApp } from './support/app.js';
import { k8sSettings } from './support/deploy-env.js';

/**
 * Sign-In with Ethereum as a dapp does it, with three client libraries: each builds its message from the nonce
 * answer alone. The API lives on api.…, the web app on app.…, as in docker/k8s/configmap.yaml.
 */
interface SiweFields {
  domain: string;
  address: `0x${string}`;
  statement: string;
  uri: string;
  version: '1';
  chainId: number;
  nonce: string;
  issuedAt: string;
  expirationTime: string;
}
interface NonceAnswer {
  nonce: string;
  message: string;
  issued_at: string;
  expires_at: string;
  siwe: SiweFields;
}

const API = 'api.blockscore.test';
const SPA = 'app.blockscore.test';

/** EIP-4361's template, written out by hand the way a client without a SIWE library would. */
function handWritten(f: SiweFields): string {
  return [
    `${f.domain} wants you to sign in with your Ethereum account:`,
    f.address,
    '',
    f.statement,
    '',
    `URI: ${f.uri}`,
    `Version: ${f.version}`,
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt}`,
    `Expiration Time: ${f.expirationTime}`,
  ].join('\n');
}

/** viem wants Dates where the answer carries ISO strings. */
const viemMessage = (f: SiweFields, overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) =>
  createSiweMessage({
    ...f,
    issuedAt: new Date(f.issuedAt),
    expirationTime: new Date(f.expirationTime),
    ...overrides,
  });

/** Flips the case of one letter of a checksummed address, so its EIP-55 checksum fails. */
function breakChecksum(address: string): string {
  const i = [...address].findIndex((c, n) => n > 1 && /[a-fA-F]/.test(c));
  const c = address[i];
  return address.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + address.slice(i + 1);
}

describe('Sign-In with Ethereum (EIP-4361) for wallets and dapps', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Many logins from one IP within a minute; the limits have their own suites.
    app = await startTestApp({
      APP_URL: `https://${API}`,
      CORS_ORIGINS: `https://${SPA}`,
      RATE_LIMIT_ENABLED: 'false',
    });
  });
  afterAll(() => app?.stop());

  async function nonceFor(address: string, query = '', headers: Record<string, string> = {}) {
    const res = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${address}${query}`, { headers });
    expect(res.status).toBe(200);
    return res.body as NonceAnswer;
  }

  const login = (wallet_address: string, message: string, signature: string) =>
    app.request('/v1/auth/login/wallet/', { method: 'POST', json: { wallet_address, message, signature } });

  const fresh = () => privateKeyToAccount(generatePrivateKey());

  it('answers a nonce with every EIP-4361 field, for the domain the client names or comes from', async () => {
    const account = fresh();
    const body = await nonceFor(account.address.toLowerCase());
    expect(body.siwe).toEqual({
      domain: API,
      address: account.address,
      statement: 'Sign in to BlockScore.',
      uri: `https://${API}`,
      version: '1',
      chainId: 1,
      nonce: body.nonce,
      issuedAt: body.issued_at,
      expirationTime: body.expires_at,
    });
    // Seed 003's fields stay.
    expect(body.message).toContain(`Nonce: ${body.nonce}`);

    const fromSpa = await nonceFor(account.address, '', { Origin: `https://${SPA}` });
    expect(fromSpa.siwe).toMatchObject({ domain: SPA, uri: `https://${SPA}` });
    const named = await nonceFor(account.address, `&domain=${SPA}`);
    expect(named.siwe).toMatchObject({ domain: SPA, uri: `https://${SPA}` });
    // An origin that may not sign in gets the default domain, never its own.
    const foreign = await nonceFor(account.address, '', { Origin: 'https://evil.example' });
    expect(foreign.siwe.domain).toBe(API);

    const refused = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}&domain=evil.example`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'AUTH.DOMAIN_NOT_ALLOWED',
      details: [{ field: 'domain', message: `must be one of ${API}, ${SPA}` }],
    });
  });

  it('logs in with viem: createSiweMessage from the nonce answer, signed by a local account', async () => {
    const account = fresh();
    const { siwe } = await nonceFor(account.address, '', { Origin: `https://${SPA}` });
    const message = viemMessage(siwe);
    const res = await login(account.address, message, await account.signMessage({ message }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access: expect.any(String), refresh: expect.any(String) });
  });

  it('logs in with ethers v6: the EIP-4361 text written by hand, signed by an ethers Wallet', async () => {
    const wallet = Wallet.createRandom();
    const { siwe } = await nonceFor(wallet.address, `&domain=${SPA}`);
    const message = handWritten(siwe);
    const res = await login(wallet.address, message, await wallet.signMessage(message));
    expect(res.status).toBe(200);
  });

  it('logs in with the siwe package: new SiweMessage(answer.siwe).prepareMessage()', async () => {
    const wallet = Wallet.createRandom();
    const { siwe } = await nonceFor(wallet.address);
    const message = new SiweMessage(siwe).prepareMessage();
    const res = await login(wallet.address, message, await wallet.signMessage(message));
    expect(res.status).toBe(200);
  });

  it('accepts EIP-2098 compact (64-byte) signatures from viem and ethers', async () => {
    const account = fresh();
    const { siwe } = await nonceFor(account.address);
    const message = viemMessage(siwe);
    const compact = serializeCompactSignature(
      signatureToCompactSignature(parseSignature(await account.signMessage({ message }))),
    );
    expect(compact).toHaveLength(130);
    expect((await login(account.address, message, compact)).status).toBe(200);

    const wallet = Wallet.createRandom();
    const answer = await nonceFor(wallet.address);
    const ethersCompact = Signature.from(await wallet.signMessage(answer.message)).compactSerialized;
    expect(ethersCompact).toHaveLength(130);
    expect((await login(wallet.address, answer.message, ethersCompact)).status).toBe(200);
  });

  describe('each failure has its own code', () => {
    async function attempt(account: PrivateKeyAccount, build: (f: SiweFields) => string) {
      const { siwe } = await nonceFor(account.address);
      const message = build(siwe);
      return login(account.address, message, await account.signMessage({ message }));
    }

    it('a domain that may not sign in', async () => {
      const res = await attempt(fresh(), (f) =>
        viemMessage(f, { domain: 'evil.example', uri: 'https://evil.example' }),
      );
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.DOMAIN_NOT_ALLOWED');
      expect(res.body.message).toBe(
        `The message is for evil.example, which may not sign in here; allowed: ${API}, ${SPA}.`,
      );
    });

    it('another chain', async () => {
      const res = await attempt(fresh(), (f) => viemMessage(f, { chainId: 137 }));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        code: 'AUTH.WRONG_CHAIN',
        message: 'The message is for chain 137; sign in on chain 1.',
      });
    });

    it('an expired message, and one not valid yet', async () => {
      const expired = await attempt(fresh(), (f) => viemMessage(f, { expirationTime: new Date(Date.now() - 1000) }));
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('AUTH.MESSAGE_EXPIRED');
      const stale = await attempt(fresh(), (f) =>
        viemMessage(f, { issuedAt: new Date(Date.now() - 10 * 60_000), expirationTime: undefined }),
      );
      expect(stale.body.code).toBe('AUTH.MESSAGE_EXPIRED');
      const early = await attempt(fresh(), (f) => viemMessage(f, { notBefore: new Date(Date.now() + 10 * 60_000) }));
      expect(early.status).toBe(401);
      expect(early.body.code).toBe('AUTH.MESSAGE_NOT_YET_VALID');
      const future = await attempt(fresh(), (f) => viemMessage(f, { issuedAt: new Date(Date.now() + 10 * 60_000) }));
      expect(future.body.code).toBe('AUTH.MESSAGE_NOT_YET_VALID');
    });

    it('an unknown nonce and a used one', async () => {
      const account = fresh();
      const unknown = await attempt(account, (f) => viemMessage(f, { nonce: 'a'.repeat(32) }));
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('AUTH.INVALID_NONCE');
      const { siwe } = await nonceFor(account.address);
      const message = viemMessage(siwe);
      const signature = await account.signMessage({ message });
      expect((await login(account.address, message, signature)).status).toBe(200);
      const replay = await login(account.address, message, signature);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('AUTH.INVALID_NONCE');
    });

    it('a malformed message, and one naming another address', async () => {
      const account = fresh();
      const malformed = await attempt(account, (f) => handWritten(f).replace('Version: 1', 'Version: one'));
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('AUTH.MALFORMED_MESSAGE');
      const junk = await login(account.address, 'hello', await account.signMessage({ message: 'hello' }));
      expect(junk.status).toBe(400);
      expect(junk.body.code).toBe('AUTH.MALFORMED_MESSAGE');
      const other = fresh();
      const mismatch = await attempt(account, (f) => viemMessage(f, { address: other.address }));
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.code).toBe('AUTH.MESSAGE_ADDRESS_MISMATCH');
    });

    it('a forged signature keeps AUTH.INVALID_SIGNATURE, and does not spend the nonce', async () => {
      const victim = fresh();
      const { siwe } = await nonceFor(victim.address);
      const message = viemMessage(siwe);
      const forged = await login(victim.address, message, await fresh().signMessage({ message }));
      expect(forged.status).toBe(401);
      expect(forged.body).toMatchObject({
        code: 'AUTH.INVALID_SIGNATURE',
        message: 'The signature does not match the message and wallet address.',
      });
      expect((await login(victim.address, message, await victim.signMessage({ message }))).status).toBe(200);
    });
  });

  describe('EIP-55 checksums', () => {
    it('refuses a mixed-case address whose checksum fails, in wallet_address and in the message', async () => {
      const account = fresh();
      const typo = breakChecksum(account.address);
      const nonce = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${typo}`);
      expect(nonce.status).toBe(400);
      expect(nonce.body).toMatchObject({
        code: 'AUTH.INVALID_WALLET_ADDRESS',
        details: [{ field: 'wallet_address', message: 'fails its EIP-55 checksum' }],
      });

      const { siwe, message } = await nonceFor(account.address);
      const res = await login(typo, message, await account.signMessage({ message }));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'wallet_address', message: 'fails its EIP-55 checksum' }]);

      const inMessage = handWritten({ ...siwe, address: typo as `0x${string}` });
      const signed = await login(account.address, inMessage, await account.signMessage({ message: inMessage }));
      expect(signed.status).toBe(400);
      expect(signed.body).toMatchObject({
        code: 'AUTH.INVALID_WALLET_ADDRESS',
        details: [{ field: 'message', message: 'fails its EIP-55 checksum' }],
      });
    });

    it('accepts an all-lowercase or all-uppercase address (no checksum to check)', async () => {
      const account = fresh();
      const lower = account.address.toLowerCase();
      const upper = `0x${account.address.slice(2).toUpperCase()}`;
      const first = await nonceFor(upper);
      expect(first.siwe.address).toBe(account.address);
      const viaUpper = handWritten({ ...first.siwe, address: upper as `0x${string}` });
      expect((await login(upper, viaUpper, await account.signMessage({ message: viaUpper }))).status).toBe(200);
      const second = await nonceFor(lower);
      const viaLower = handWritten({ ...second.siwe, address: lower as `0x${string}` });
      expect((await login(lower, viaLower, await account.signMessage({ message: viaLower }))).status).toBe(200);
    });
  });
});

describe('Sign-In with Ethereum with the shipped Kubernetes settings', () => {
  let app: TestApp;
  const { configMap } = k8sSettings();
  const spa = new URL(configMap.CORS_ORIGINS).origin;

  beforeAll(async () => {
    const { APP_URL, CORS_ORIGINS, SIWE_DOMAINS } = configMap;
    app = await startTestApp({ APP_URL, CORS_ORIGINS, SIWE_DOMAINS });
  });
  afterAll(() => app?.stop());

  it('lets the web app on app.… have its users sign for its own domain', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const res = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${account.address}`, {
      headers: { Origin: spa },
    });
    const { siwe } = res.body as NonceAnswer;
    expect(siwe).toMatchObject({ domain: new URL(spa).host, uri: spa });
    const message = viemMessage(siwe);
    const login = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      headers: { Origin: spa },
      json: { wallet_address: account.address, message, signature: await account.signMessage({ message }) },
    });
    expect(login.status).toBe(200);
  });
});
