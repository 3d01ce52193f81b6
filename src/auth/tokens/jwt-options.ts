import { createSecretKey } from 'node:crypto';
import { JwtSecretRequestType, type JwtModuleOptions, type JwtSignOptions, type JwtVerifyOptions } from '@nestjs/jwt';
import type { AppConfig } from '../../config/index.js';
import type { JwtKeys } from './jwt-keys.js';
import { ACCESS_ALGORITHM, AUDIENCE, ISSUER, REFRESH_ALGORITHM } from './token.constants.js';

/**
 * JwtModule's options. The key follows from the one algorithm the caller pins, never from what a token
 * claims: ES256 means the access-token signing key (access tokens are verified by the JWT strategy, which
 * resolves the key their `kid` names), HS256 the refresh secret, to sign and to verify.
 * Keys are KeyObjects, parsed once: handed a PEM or a string secret, jsonwebtoken re-parses it on every call,
 * which costs more than the signature itself.
 */
export function jwtModuleOptions(keys: JwtKeys, config: AppConfig): JwtModuleOptions {
  const refreshKey = createSecretKey(Buffer.from(config.jwt.refresh, 'utf8'));
  return {
    signOptions: { issuer: ISSUER, audience: AUDIENCE },
    verifyOptions: { issuer: ISSUER, audience: AUDIENCE },
    secretOrKeyProvider: (request, _tokenOrPayload, options) => {
      const signing = request === JwtSecretRequestType.SIGN;
      const pinned = signing
        ? [(options as JwtSignOptions | undefined)?.algorithm]
        : (options as JwtVerifyOptions | undefined)?.algorithms;
      if (pinned?.length !== 1) throw new Error('JwtService: pin exactly one algorithm per call');
      if (pinned[0] === REFRESH_ALGORITHM) return refreshKey;
      if (pinned[0] !== ACCESS_ALGORITHM) throw new Error(`JwtService: no key for ${String(pinned[0])}`);
      if (!signing) throw new Error('JwtService: access tokens are verified by the JWT strategy');
      return keys.signingKey().privateKey;
    },
  };
}
