import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

export interface TestSigningKey {
  privateKey: KeyObject;
  /** The private JWK as JSON: a value for JWT_SIGNING_KEYS on its own. */
  setting: string;
  jwk: JWK;
  /** RFC 7638 thumbprint, computed by jose (not by the code under test). */
  kid: string;
}

/** A fresh EC P-256 key as an operator would put it in JWT_SIGNING_KEYS. */
export async function newSigningKey(): Promise<TestSigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return {
    privateKey,
    setting: JSON.stringify(jwk),
    jwk,
    kid: await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }), 'sha256'),
  };
}

/** JWT_SIGNING_KEYS listing `keys` in order: the first signs, the rest only verify. */
export const signingKeysSetting = (...keys: TestSigningKey[]) => JSON.stringify(keys.map((k) => k.jwk));

/** A fresh EC P-256 private key as PKCS#8 PEM, for a JWT_SIGNING_KEYS that only has to be valid. */
export function pemSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
