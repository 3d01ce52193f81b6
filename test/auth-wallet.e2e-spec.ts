import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { stopWithMail, startWithMail, unique, type TestApp } from './support/app.js';
import { bearer, login, registerVerified } from './support/auth-helpers.js';
import { MailCapture } from './support/mail-capture.js';

describe('wallet login and wallet linking', () => {
  let app: TestApp;
  const mail = new MailCapture();

  beforeAll(async () => {
    app = await startWithMail(mail, {
      APP_URL: 'https://app.blockscore.test',
    });
  });
  afterAll(() => stopWithMail(app, mail));

  const nonceFor = async (address: string) => {
    const res = await app.request(`/v1/auth/wallet/nonce/?wallet_address=${address}`);
    expect(res.status).toBe(200);
    return res.body as { nonce: string; message: string; issued_at: string; expires_at: string };
  };

  async function walletLogin(key = generatePrivateKey()) {
    const account = privateKeyToAccount(key);
    const { message } = await nonceFor(account.address);
    const signature = await account.signMessage({ message });
    const res = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: account.address, message, signature },
    });
    return { res, account, message, signature };
  }

  it("issues a 128-bit single-use nonce with seed 003's message", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const body = await nonceFor(account.address.toLowerCase());
    expect(body.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(body.message).toMatch(
      new RegExp(
        `^Welcome to BlockAuth!\\n\\nPlease sign this message to authenticate with your wallet\\.\\n\\nWallet Address: ${account.address}\\nNonce: ${body.nonce}\\nTimestamp: \\d+\\n\\nThis signature will be used to authenticate your account\\.$`,
      ),
    );
    expect(new Date(body.expires_at).getTime() - new Date(body.issued_at).getTime()).toBe(300_000);
    const bad = await app.request('/v1/auth/wallet/nonce/?wallet_address=0x1234');
    expect(bad.status).toBe(400);
  });

  it('creates the user at the first wallet login and finds it at the next', async () => {
    const key = generatePrivateKey();
    const first = await walletLogin(key);
    expect(first.res.status).toBe(200);
    expect(first.res.body).toEqual({ access: expect.any(String), refresh: expect.any(String) });
    const me1 = await app.request('/v1/auth/me/', { headers: bearer(first.res.body.access) });
    expect(me1.body).toMatchObject({
      authentication_type: 'wallet',
      is_verified: true,
      wallet_address: first.account.address,
      email: null,
    });

    const second = await walletLogin(key);
    const me2 = await app.request('/v1/auth/me/', { headers: bearer(second.res.body.access) });
    expect(me2.body.id).toBe(me1.body.id);
  });

  it('refuses a replayed signature (the nonce is spent)', async () => {
    const { res, account, message, signature } = await walletLogin();
    expect(res.status).toBe(200);
    const replay = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: account.address, message, signature },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('AUTH.INVALID_NONCE');
  });

  it("refuses another wallet's signature and a nonce issued for another address", async () => {
    const victim = privateKeyToAccount(generatePrivateKey());
    const attacker = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonceFor(victim.address);
    const foreign = await attacker.signMessage({ message });
    const res = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: victim.address, message, signature: foreign },
    });
    expect(res.status).toBe(401);

    const other = await nonceFor(attacker.address);
    const swapped = other.message.replace(attacker.address, victim.address);
    const sig = await victim.signMessage({ message: swapped });
    const wrongAddress = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: victim.address, message: swapped, signature: sig },
    });
    expect(wrongAddress.status).toBe(401);
    // The victim's own nonce was not burned by the failed attempt.
    const own = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: victim.address, message, signature: await victim.signMessage({ message }) },
    });
    expect(own.status).toBe(200);
  });

  it('accepts EIP-4361 messages for this domain and chain, and refuses another domain', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const siwe = (domain: string, nonce: string, chainId = 1) =>
      createSiweMessage({
        address: account.address,
        chainId,
        domain,
        nonce,
        uri: `https://${domain}`,
        version: '1',
        issuedAt: new Date(),
      });

    const good = siwe('app.blockscore.test', (await nonceFor(account.address)).nonce);
    const ok = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: { wallet_address: account.address, message: good, signature: await account.signMessage({ message: good }) },
    });
    expect(ok.status).toBe(200);

    const phishing = siwe('evil.example', (await nonceFor(account.address)).nonce);
    const bad = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: {
        wallet_address: account.address,
        message: phishing,
        signature: await account.signMessage({ message: phishing }),
      },
    });
    expect(bad.status).toBe(401);

    const otherChain = siwe('app.blockscore.test', (await nonceFor(account.address)).nonce, 137);
    const chain = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: {
        wallet_address: account.address,
        message: otherChain,
        signature: await account.signMessage({ message: otherChain }),
      },
    });
    expect(chain.status).toBe(401);
  });

  it('refuses malformed signatures with 400 or 401, never 500', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonceFor(account.address);
    for (const signature of ['0x', '0xzz', `0x${'00'.repeat(65)}`, `0x${'ff'.repeat(65)}`]) {
      const res = await app.request('/v1/auth/login/wallet/', {
        method: 'POST',
        json: { wallet_address: account.address, message, signature },
      });
      expect([400, 401]).toContain(res.status);
    }
  });

  it('lets a wallet account add an e-mail, confirmed through signup/confirm/', async () => {
    const { res } = await walletLogin();
    const email = `${unique('walletmail')}@example.com`;
    const add = await app.request('/v1/auth/wallet/email/add/', {
      method: 'POST',
      headers: bearer(res.body.access),
      json: { email, verification_type: 'otp' },
    });
    expect(add.status).toBe(200);
    expect(add.body).toEqual({ message: 'Email added successfully. otp sent via email.' });
    const code = await mail.code(email);
    const confirm = await app.request('/v1/auth/signup/confirm/', {
      method: 'POST',
      json: { identifier: email, code },
    });
    expect(confirm.body).toEqual({ message: 'Email verified successfully.' });
    const me = await app.request('/v1/auth/me/', { headers: bearer(res.body.access) });
    expect(me.body.email).toBe(email);

    const again = await app.request('/v1/auth/wallet/email/add/', {
      method: 'POST',
      headers: bearer(res.body.access),
      json: { email },
    });
    expect(again.status).toBe(409);
  });

  it('links a wallet to an e-mail account by signature; one account per wallet', async () => {
    const user = await registerVerified(app, mail);
    const { access } = await login(app, user.email);
    const wallet = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonceFor(wallet.address);
    const signature = await wallet.signMessage({ message });
    const link = await app.request('/profile/wallet', {
      method: 'POST',
      headers: bearer(access),
      json: { wallet_address: wallet.address, message, signature },
    });
    expect(link.status).toBe(201);
    expect(link.body.data).toMatchObject({ wallet_address: wallet.address, chain_id: 1 });
    const profile = await app.request('/profile', { headers: bearer(access) });
    expect(profile.body.data.profile.wallet_address).toBe(wallet.address);

    const other = await registerVerified(app, mail);
    const otherTokens = await login(app, other.email);
    const second = await nonceFor(wallet.address);
    const stolen = await app.request('/profile/wallet', {
      method: 'POST',
      headers: bearer(otherTokens.access),
      json: {
        wallet_address: wallet.address,
        message: second.message,
        signature: await wallet.signMessage({ message: second.message }),
      },
    });
    expect(stolen.status).toBe(409);

    // The linked wallet now logs in to the e-mail account.
    const viaWallet = await nonceFor(wallet.address);
    const res = await app.request('/v1/auth/login/wallet/', {
      method: 'POST',
      json: {
        wallet_address: wallet.address,
        message: viaWallet.message,
        signature: await wallet.signMessage({ message: viaWallet.message }),
      },
    });
    const me = await app.request('/v1/auth/me/', { headers: bearer(res.body.access) });
    expect(me.body.id).toBe(user.id);
  });
});
