import { RateLimitError } from '../common/rate-limit/rate-limit.errors.js';
import { UsersError } from '../users/users.errors.js';
import { AuthError } from './auth.errors.js';

/**
 * The errors the auth routes share, for `@ApiErrors` (the arguments only shape the example's message: a lock of
 * 15 minutes, one attempt left).
 */
const weakPassword = AuthError.weakPassword([{ field: 'password', message: 'password must be at least 8 characters' }]);
const accountCreation = RateLimitError.accountCreation({ limit: 5, remaining: 0, reset: 1767225600 }, 3600);

export const DocumentedAuthErrors = {
  /** A code or link is sent (codes.allow). */
  sendsCode: [
    AuthError.badIdentifier(),
    AuthError.methodMismatch('sms'),
    AuthError.resendTooSoon(60),
    AuthError.tooManyCodes(3600),
  ],
  /** An account is created for an identifier and password. */
  createsAccount: [weakPassword, UsersError.emailTaken(), UsersError.phoneTaken(), accountCreation],
  /** A password login (throttled per identifier). */
  passwordLogin: [
    AuthError.invalidCredentials(),
    AuthError.locked(900),
    AuthError.attemptsInFlight(),
    AuthError.unverified(),
    AuthError.inactive(),
  ],
  /** A code is spent. */
  spendsCode: [AuthError.badIdentifier(), AuthError.invalidCode(1)],
  /** A session starts for a user found by a code, link or wallet. */
  startsSession: [AuthError.inactive()],
  /** A refresh token is exchanged. */
  refresh: [
    AuthError.invalidToken(),
    AuthError.tokenExpired(),
    AuthError.refreshReused(),
    AuthError.refreshRaced(),
    AuthError.sessionRevoked(),
  ],
  /** A signed wallet message is checked (wallet login, wallet link). */
  walletProof: [
    AuthError.invalidWalletAddress(),
    AuthError.badAddressChecksum(),
    AuthError.malformedWalletMessage(),
    AuthError.messageAddressMismatch(),
    AuthError.invalidWalletSignature(),
    AuthError.domainNotAllowed('evil.example', ['app.blockscore.example.com']),
    AuthError.wrongChain(137, 1),
    AuthError.messageExpired(),
    AuthError.messageNotYetValid(),
    AuthError.invalidNonce(),
  ],
  weakPassword,
  accountCreation,
};
