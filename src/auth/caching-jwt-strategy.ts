import { Strategy, type JwtFromRequestFunction, type SecretOrKeyProvider, type VerifiedCallback } from 'passport-jwt';
import { DomainError, isDomainError } from '../common/errors/index.js';
import { AuthError } from './auth.errors.js';

/** Access tokens whose signature was checked, newest last; about 2 MB at most. */
const VERIFIED_CACHE_SIZE = 5000;

export interface CachingJwtStrategyOptions {
  /** The name passport registers it under (StrategyNames: one per app). */
  name: string;
  jwtFromRequest: JwtFromRequestFunction;
  secretOrKeyProvider: SecretOrKeyProvider;
  algorithms: ['ES256'];
  issuer: string;
  audience: string;
}

type Payload = Record<string, unknown>;
type Verify = (payload: Payload, done: VerifiedCallback) => void;
type Request = Parameters<Strategy['authenticate']>[0];

/**
 * passport-jwt's strategy, registered under the name it is given, answering with our AuthErrors, and checking
 * each token's signature once.
 *
 * A client sends the same access token with every request until it expires; passport-jwt would verify its
 * signature each time, and an ES256 verification is ~0.1 ms of CPU on the event loop, six times an HMAC
 * (README, "Token keys": `node bench/tokens.js`). So the payload of each token string that passed passport-jwt's
 * checks (signature under the key its `kid` names, algorithm, issuer, audience, expiry) is kept until the token
 * expires, and a later request with the exact same string goes straight to validate(). Expiry is checked on
 * every use; the claims and the live session are validate()'s job on every request, as before.
 */
export class CachingJwtStrategy extends Strategy {
  private readonly extract: JwtFromRequestFunction;
  private readonly verifyPayload: Verify;
  private readonly verified: Map<string, Payload>;

  constructor(options: CachingJwtStrategyOptions, verify: Verify) {
    const { name, ...jwtOptions } = options;
    const verified = new Map<string, Payload>();
    super({ ...jwtOptions, passReqToCallback: true }, (request: Request, payload: Payload, done: VerifiedCallback) => {
      const token = options.jwtFromRequest(request);
      if (token) remember(verified, token, payload);
      verify(payload, done);
    });
    this.name = name;
    this.extract = options.jwtFromRequest;
    this.verifyPayload = verify;
    this.verified = verified;
  }

  /** Passport runs this on a fresh object per request (`Object.create(strategy)`), whose `fail` is that request's. */
  override authenticate(request: Request, options?: unknown): void {
    // passport-jwt fails with jsonwebtoken's error, or our key provider's; the guard answers with the AuthError.
    const fail = this.fail.bind(this) as (reason: unknown) => void;
    this.fail = ((reason: unknown) => fail(refusal(reason))) as typeof this.fail;
    const token = this.extract(request);
    if (!token) return this.fail(AuthError.missingToken(), 401);
    const payload = this.verified.get(token);
    if (!payload) return super.authenticate(request, options);
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) {
      this.verified.delete(token);
      return this.fail(AuthError.tokenExpired(), 401);
    }
    // What passport-jwt does with a payload it verified.
    this.verifyPayload(payload, (err: unknown, user?: unknown, info?: unknown) => {
      if (err) return this.error(err as Error);
      if (!user) return this.fail(info, 401);
      this.success(user, info);
    });
  }
}

function refusal(reason: unknown): DomainError {
  if (isDomainError(reason)) return reason;
  if (reason instanceof Error && reason.name === 'TokenExpiredError') return AuthError.tokenExpired();
  return AuthError.invalidToken();
}

function remember(verified: Map<string, Payload>, token: string, payload: Payload): void {
  if (verified.size >= VERIFIED_CACHE_SIZE) {
    const oldest = verified.keys().next().value;
    if (oldest !== undefined) verified.delete(oldest);
  }
  verified.set(token, payload);
}
