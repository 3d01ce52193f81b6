import { DomainError, ErrorKind, type FieldError } from '../common/errors/index.js';

/** Every error the auth module raises, with its stable code. */
export const AuthError = {
  invalidCredentials: () => new DomainError(ErrorKind.Unauthorized, 'AUTH.INVALID_CREDENTIALS', 'Invalid credentials.'),
  locked: (retryAfter: number) =>
    new DomainError(ErrorKind.Locked, 'AUTH.LOCKED', 'Account temporarily locked after too many failed attempts.', {
      retryAfter,
    }),
  attemptsInFlight: () =>
    new DomainError(
      ErrorKind.RateLimited,
      'AUTH.ATTEMPTS_IN_PROGRESS',
      'Too many sign-in attempts for this account are in progress; retry in a moment.',
      { retryAfter: 1 },
    ),
  unverified: () =>
    new DomainError(ErrorKind.Forbidden, 'AUTH.UNVERIFIED', 'Verify your email or phone number before logging in.'),
  inactive: () =>
    new DomainError(ErrorKind.Forbidden, 'AUTH.ACCOUNT_INACTIVE', 'This account is suspended or deactivated.'),
  missingToken: () =>
    new DomainError(
      ErrorKind.Unauthorized,
      'AUTH.UNAUTHENTICATED',
      'Authentication is required to access this resource.',
    ),
  invalidToken: () => new DomainError(ErrorKind.Unauthorized, 'AUTH.INVALID_TOKEN', 'The token is invalid.'),
  tokenExpired: () => new DomainError(ErrorKind.Unauthorized, 'AUTH.TOKEN_EXPIRED', 'The token has expired.'),
  sessionRevoked: () =>
    new DomainError(ErrorKind.Unauthorized, 'AUTH.SESSION_REVOKED', 'This session has ended; log in again.'),
  refreshReused: () =>
    new DomainError(
      ErrorKind.Unauthorized,
      'AUTH.REFRESH_REUSED',
      'This refresh token was already used; the session has been revoked. Log in again.',
    ),
  refreshRaced: () =>
    new DomainError(
      ErrorKind.Unauthorized,
      'AUTH.REFRESH_ALREADY_USED',
      'This refresh token was just used by another request.',
    ),
  invalidCode: (attemptsLeft: number) =>
    new DomainError(
      ErrorKind.BadRequest,
      'AUTH.INVALID_CODE',
      attemptsLeft > 0
        ? `Invalid or expired code. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`
        : 'Invalid or expired code. Request a new one.',
    ),
  invalidLink: () =>
    new DomainError(ErrorKind.BadRequest, 'AUTH.INVALID_LINK', 'This link is invalid, expired or already used.'),
  resendTooSoon: (seconds: number) =>
    new DomainError(
      ErrorKind.RateLimited,
      'AUTH.RESEND_COOLDOWN',
      `Please wait ${seconds} seconds before requesting another code.`,
      {
        retryAfter: seconds,
      },
    ),
  tooManyCodes: (seconds: number) =>
    new DomainError(
      ErrorKind.RateLimited,
      'AUTH.TOO_MANY_CODES',
      'Too many codes requested for this identifier; try again later.',
      { retryAfter: seconds },
    ),
  badIdentifier: (field = 'identifier') =>
    new DomainError(
      ErrorKind.BadRequest,
      'AUTH.INVALID_IDENTIFIER',
      'Enter a valid email address or an international phone number (+…).',
      {
        details: [{ field, message: 'must be an email address or a phone number in international format' }],
      },
    ),
  invalidWalletAddress: (field = 'wallet_address') =>
    new DomainError(
      ErrorKind.BadRequest,
      'AUTH.INVALID_WALLET_ADDRESS',
      'Enter a valid Ethereum address (0x followed by 40 hex digits).',
      {
        details: [{ field, message: 'must be an Ethereum address' }],
      },
    ),
  methodMismatch: (method: string) =>
    new DomainError(
      ErrorKind.BadRequest,
      'AUTH.METHOD_MISMATCH',
      method === 'sms' ? 'SMS needs a phone number identifier.' : 'E-mail needs an email address identifier.',
      { details: [{ field: 'method', message: `method ${method} does not match the identifier` }] },
    ),
  weakPassword: (details: FieldError[]) =>
    new DomainError(ErrorKind.BadRequest, 'AUTH.WEAK_PASSWORD', 'The password does not meet the policy.', { details }),
  passwordMismatch: () =>
    new DomainError(ErrorKind.BadRequest, 'AUTH.PASSWORD_MISMATCH', 'The passwords do not match.', {
      details: [{ field: 'confirm_password', message: 'must equal new_password' }],
    }),
  wrongPassword: () =>
    new DomainError(ErrorKind.BadRequest, 'AUTH.WRONG_PASSWORD', 'The current password is incorrect.', {
      details: [{ field: 'old_password', message: 'is incorrect' }],
    }),
  invalidWalletSignature: () =>
    new DomainError(ErrorKind.Unauthorized, 'AUTH.INVALID_SIGNATURE', 'The wallet signature or message is invalid.'),
  invalidNonce: () =>
    new DomainError(
      ErrorKind.Unauthorized,
      'AUTH.INVALID_NONCE',
      'The nonce is unknown, expired, already used or for another address.',
    ),
  notWalletAccount: () =>
    new DomainError(ErrorKind.BadRequest, 'AUTH.NOT_WALLET_ACCOUNT', 'Only wallet accounts can add an email here.'),
  emailAlreadySet: () =>
    new DomainError(ErrorKind.Conflict, 'AUTH.EMAIL_ALREADY_VERIFIED', 'This account already has a verified email.'),
};
