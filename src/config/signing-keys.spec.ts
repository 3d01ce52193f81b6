import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import type { ConfigError } from './config.error.js';
import { parseConfig } from './load-config.js';
import { parseSigningKeys, type SigningKey } from './signing-keys.js';

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const jwk = (key: KeyObject) => key.export({ format: 'jwk' });

function keys(value: string): SigningKey[] {
  const parsed = parseSigningKeys(value);
  if (typeof parsed === 'string') throw new Error(`refused: ${parsed}`);
  return parsed;
}

const sameKey = (a: KeyObject, b: KeyObject) => a.equals(b);

describe('JWT_SIGNING_KEYS', () => {
  it('reads a PKCS#8 PEM private key, its kid the RFC 7638 thumbprint', async () => {
    const { privateKey, publicKey } = p256();
    const [key] = keys(pkcs8(privateKey));
    expect(key.kid).toBe(await calculateJwkThumbprint(jwk(publicKey) as never, 'sha256'));
    expect(sameKey(key.privateKey!, privateKey)).toBe(true);
    expect(sameKey(key.publicKey, publicKey)).toBe(true);
  });

  it('reads SEC1 "EC PRIVATE KEY" PEM, and PEM whose newlines are written \\n as env files carry them', () => {
    const { privateKey } = p256();
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(sameKey(keys(sec1)[0].privateKey!, privateKey)).toBe(true);
    expect(sameKey(keys(pkcs8(privateKey).replace(/\n/g, '\\n'))[0].privateKey!, privateKey)).toBe(true);
  });

  it('reads a JWK, an array of JWKs and a JWK set, keeping the kid a JWK gives', () => {
    const a = p256();
    const b = p256();
    const single = keys(JSON.stringify({ ...jwk(a.privateKey), kid: 'key-2026-01' }));
    expect(single.map((k) => k.kid)).toEqual(['key-2026-01']);
    const array = keys(JSON.stringify([jwk(b.privateKey), jwk(a.privateKey)]));
    expect(sameKey(array[0].privateKey!, b.privateKey)).toBe(true);
    expect(sameKey(array[1].privateKey!, a.privateKey)).toBe(true);
    const set = keys(
      JSON.stringify({
        keys: [
          { ...jwk(b.privateKey), kid: 'b' },
          { ...jwk(a.privateKey), kid: 'a' },
        ],
      }),
    );
    expect(set.map((k) => k.kid)).toEqual(['b', 'a']);
  });

  it('keeps the order: the first key signs, later ones may be public keys that only verify', () => {
    const current = p256();
    const previous = p256();
    const [first, second] = keys(`${pkcs8(current.privateKey)}\n${spki(previous.publicKey)}`);
    expect(sameKey(first.privateKey!, current.privateKey)).toBe(true);
    expect(second.privateKey).toBeUndefined();
    expect(sameKey(second.publicKey, previous.publicKey)).toBe(true);
  });

  it('reads @files, several separated by commas, in order, each PEM or JWK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signing-keys-'));
    try {
      const current = p256();
      const previous = p256();
      writeFileSync(join(dir, 'current.pem'), pkcs8(current.privateKey));
      writeFileSync(join(dir, 'previous.json'), JSON.stringify(jwk(previous.publicKey)));
      const read = keys(`@${join(dir, 'current.pem')}, @${join(dir, 'previous.json')}`);
      expect(read).toHaveLength(2);
      expect(sameKey(read[0].privateKey!, current.privateKey)).toBe(true);
      expect(sameKey(read[1].publicKey, previous.publicKey)).toBe(true);
      expect(parseSigningKeys(`@${join(dir, 'missing.pem')}`)).toBe(`cannot read ${join(dir, 'missing.pem')} (ENOENT)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses keys that are not EC P-256, naming the position and never the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const ed25519 = generateKeyPairSync('ed25519').privateKey;
    const good = pkcs8(p256().privateKey);
    const cases: Array<[string, RegExp]> = [
      [pkcs8(rsa), /^key 1: is RSA, not EC P-256/],
      [`${good}${pkcs8(p384)}`, /^key 2: is EC secp384r1, not EC P-256/],
      [pkcs8(ed25519), /^key 1: is ED25519, not EC P-256/],
      [JSON.stringify(jwk(p384)), /^key 1: is EC secp384r1, not EC P-256/],
      [JSON.stringify(jwk(rsa)), /^key 1: is RSA, not EC P-256/],
    ];
    for (const [value, problem] of cases) {
      const parsed = parseSigningKeys(value);
      expect(parsed).toMatch(problem);
      expect(parsed).not.toContain('BEGIN');
    }
  });

  it('refuses a public key first, one key twice, a JWK for another algorithm, and text that is no key', () => {
    const { privateKey, publicKey } = p256();
    expect(parseSigningKeys(spki(publicKey))).toMatch(/^key 1 signs new tokens, so it must be a private key/);
    expect(parseSigningKeys(`${pkcs8(privateKey)}${spki(publicKey)}`)).toMatch(/appears twice/);
    expect(parseSigningKeys(JSON.stringify({ ...jwk(privateKey), alg: 'ES384' }))).toMatch(/alg "ES384"; ES256/);
    for (const junk of ['change-me-signing-key', '{"kty":', 'MIGHAgEAMBMGByqGSM49AgEG', '@', '@a,b']) {
      expect(parseSigningKeys(junk)).toMatch(/^accepts EC P-256 keys as PEM or JWK/);
    }
  });
});

describe('JWT_SIGNING_KEYS in production', () => {
  const production = () => ({
    NODE_ENV: 'production',
    JWT_REFRESH_SECRET: randomBytes(32).toString('base64url'),
    CODE_HASH_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: 'smtp://mailer:pw@smtp.mail.test:587',
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: 'https://sms.mail.test/send',
  });

  function problems(env: Record<string, string | undefined>): string[] {
    try {
      parseConfig(env);
    } catch (err) {
      return (err as ConfigError).problems;
    }
    return [];
  }

  it('refuses to start without signing keys, in one line naming the setting', () => {
    expect(problems(production())).toEqual([
      'JWT_SIGNING_KEYS=unset: production needs an EC P-256 private key to sign access tokens (PEM or JWK, inline or @/path/to/file)',
    ]);
  });

  it('refuses a key that is not P-256, in one line that hides the value', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const value = JSON.stringify(jwk(p384));
    const found = problems({ ...production(), JWT_SIGNING_KEYS: value });
    expect(found).toEqual([
      'JWT_SIGNING_KEYS=(hidden): key 1: is EC secp384r1, not EC P-256 (ES256 signs with P-256 keys only)',
    ]);
    expect(found.join('\n')).not.toContain((jwk(p384) as { d: string }).d);
  });

  it('starts with a P-256 key', () => {
    expect(problems({ ...production(), JWT_SIGNING_KEYS: pkcs8(p256().privateKey) })).toEqual([]);
  });

  it('refuses a bad key outside production too: a key given is meant to be used', () => {
    expect(problems({ NODE_ENV: 'development', JWT_SIGNING_KEYS: 'not a key' })).toEqual([
      expect.stringMatching(/^JWT_SIGNING_KEYS=\(hidden\): accepts EC P-256 keys/),
    ]);
  });
});
