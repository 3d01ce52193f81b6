import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, type SigningKey } from '../../config/index.js';

/** One published key (RFC 7517), as GET /api/.well-known/jwks.json lists it. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  use: 'sig';
  alg: 'ES256';
}

export interface JwkSet {
  keys: PublicJwk[];
}

/**
 * The access-token keys from JWT_SIGNING_KEYS (or development's DATA_DIR key): the first signs, all verify,
 * each known by its `kid`. A key not listed verifies nothing — dropping it from the setting and restarting is
 * how a rotation ends. Everything that signs, verifies or publishes access tokens resolves keys here.
 */
@Injectable()
export class JwtKeys {
  private readonly signing: { kid: string; privateKey: KeyObject };
  private readonly byKid = new Map<string, KeyObject>();
  private readonly published: JwkSet;

  constructor(config: AppConfig) {
    const [first, ...rest] = config.jwt.signingKeys;
    if (!first?.privateKey) throw new Error('JwtKeys: the first signing key must have its private half');
    this.signing = { kid: first.kid, privateKey: first.privateKey };
    for (const key of [first, ...rest]) this.byKid.set(key.kid, key.publicKey);
    this.published = { keys: [first, ...rest].map(publicJwk) };
  }

  /** The key new access tokens are signed with, and the `kid` their header names. */
  signingKey(): { kid: string; privateKey: KeyObject } {
    return this.signing;
  }

  /** The public key a token naming `kid` must verify under; undefined for a key we do not (or no longer) trust. */
  publicKeyFor(kid: string): KeyObject | undefined {
    return this.byKid.get(kid);
  }

  /** publicKeyFor the `kid` in a compact JWT's header; undefined when there is none or it is unknown. */
  publicKeyForToken(token: string): KeyObject | undefined {
    const kid = headerKid(token);
    return kid === undefined ? undefined : this.publicKeyFor(kid);
  }

  jwks(): JwkSet {
    return this.published;
  }
}

function publicJwk(key: SigningKey): PublicJwk {
  const { x, y } = key.publicKey.export({ format: 'jwk' });
  return { kty: 'EC', crv: 'P-256', x: x!, y: y!, kid: key.kid, use: 'sig', alg: 'ES256' };
}

function headerKid(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
