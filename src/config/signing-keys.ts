import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One key of JWT_SIGNING_KEYS: the first signs access tokens (it has its private half), every one verifies. */
export interface SigningKey {
  kid: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;
const FORMAT_HINT =
  'accepts EC P-256 keys as PEM or JWK (a key, an array or {"keys": [...]}), inline or as @/path/to/file[,@/other]';

/**
 * Parses JWT_SIGNING_KEYS: inline PEM blocks (`\n` escapes allowed, as env files carry them), inline JWK JSON,
 * or a comma-separated list of `@file`s holding either. Order is kept: the first key signs and must be private;
 * later ones only verify (tokens they signed before a rotation) and may be public keys. Returns the keys, or one
 * problem naming the position of the bad key — never any key material.
 */
export function parseSigningKeys(value: string, read: (path: string) => string = readUtf8): SigningKey[] | string {
  const text = value.trim();
  let sources: string[];
  if (text.startsWith('@')) {
    const entries = text.split(',').map((e) => e.trim());
    const bad = entries.findIndex((entry) => !entry.startsWith('@') || entry.length < 2);
    if (bad >= 0) return `${FORMAT_HINT}; entry ${bad + 1} of the list is not @path`;
    sources = [];
    for (const entry of entries) {
      try {
        sources.push(read(entry.slice(1)));
      } catch (err) {
        return `cannot read ${entry.slice(1)} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`;
      }
    }
  } else {
    sources = [text];
  }
  const keys: SigningKey[] = [];
  for (const source of sources) {
    const parsed = parseKeyText(source.trim(), keys.length);
    if (typeof parsed === 'string') return parsed;
    keys.push(...parsed);
  }
  if (!keys.length) return FORMAT_HINT;
  if (!keys[0].privateKey) return 'key 1 signs new tokens, so it must be a private key (public keys may follow it)';
  const kids = keys.map((k) => k.kid);
  const repeated = kids.find((kid, i) => kids.indexOf(kid) !== i);
  if (repeated) return `kid "${repeated}" appears twice (the same key listed twice, or two keys given one kid)`;
  return keys;
}

function parseKeyText(text: string, before: number): SigningKey[] | string {
  if (text.startsWith('{') || text.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return `${FORMAT_HINT}; the JSON does not parse`;
    }
    const jwks = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.keys) ? json.keys : [json];
    const keys: SigningKey[] = [];
    for (const [i, jwk] of (jwks as unknown[]).entries()) {
      const key = fromJwk(jwk, before + i + 1);
      if (typeof key === 'string') return key;
      keys.push(key);
    }
    return keys;
  }
  const blocks = text.replace(/\\n/g, '\n').match(PEM_BLOCK);
  if (!blocks) return FORMAT_HINT;
  const keys: SigningKey[] = [];
  for (const [i, pem] of blocks.entries()) {
    const key = fromPem(pem, before + i + 1);
    if (typeof key === 'string') return key;
    keys.push(key);
  }
  return keys;
}

function fromJwk(jwk: unknown, position: number): SigningKey | string {
  if (!isObject(jwk)) return `key ${position}: a JWK is a JSON object`;
  if (jwk.alg !== undefined && jwk.alg !== 'ES256')
    return `key ${position}: its JWK says alg ${JSON.stringify(jwk.alg)}; ES256 is used`;
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || !jwk.kid))
    return `key ${position}: kid must be a non-empty string`;
  let keyObjects: { publicKey: KeyObject; privateKey?: KeyObject };
  try {
    if (jwk.kty !== 'EC') throw new Error('not EC');
    const privateKey = 'd' in jwk ? createPrivateKey({ key: jwk, format: 'jwk' }) : undefined;
    keyObjects = { privateKey, publicKey: createPublicKey(privateKey ?? { key: jwk, format: 'jwk' }) };
  } catch {
    return `key ${position}: ${describeUnusable(jwk.kty, jwk.crv)}`;
  }
  return withKid(keyObjects, position, typeof jwk.kid === 'string' ? jwk.kid : undefined);
}

function fromPem(pem: string, position: number): SigningKey | string {
  let keyObjects: { publicKey: KeyObject; privateKey?: KeyObject };
  try {
    const privateKey = pem.includes('PRIVATE KEY-----') ? createPrivateKey(pem) : undefined;
    keyObjects = { privateKey, publicKey: createPublicKey(privateKey ?? pem) };
  } catch {
    return `key ${position}: not a readable PEM key`;
  }
  return withKid(keyObjects, position);
}

function withKid(
  keys: { publicKey: KeyObject; privateKey?: KeyObject },
  position: number,
  kid?: string,
): SigningKey | string {
  const { asymmetricKeyType: type, asymmetricKeyDetails: details } = keys.publicKey;
  if (type !== 'ec' || details?.namedCurve !== 'prime256v1') {
    const found = type === 'ec' ? `EC ${details?.namedCurve ?? 'unknown curve'}` : (type?.toUpperCase() ?? 'unknown');
    return `key ${position}: is ${found}, not EC P-256 (ES256 signs with P-256 keys only)`;
  }
  return { kid: kid ?? jwkThumbprint(keys.publicKey), ...keys };
}

function describeUnusable(kty: unknown, crv: unknown): string {
  if (kty === 'EC' && crv !== 'P-256') return `is EC ${String(crv)}, not EC P-256 (ES256 signs with P-256 keys only)`;
  if (kty !== 'EC') return `is ${String(kty)}, not EC P-256 (ES256 signs with P-256 keys only)`;
  return 'not a readable EC JWK';
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const { crv, x, y } = publicKey.export({ format: 'jwk' });
  const canonical = JSON.stringify({ crv, kty: 'EC', x, y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A fresh P-256 key, as PKCS#8 PEM (what development keeps in DATA_DIR). */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
