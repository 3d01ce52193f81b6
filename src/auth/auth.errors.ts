import { ErrorKind, errorsOf, type FieldError } from '../common/errors/index.js';

/** The codes this module raises. */
export type AuthErrorCode =
  | 'AUTH.ACCOUNT_INACTIVE'
  | 'AUTH.ATTEMPTS_IN_PROGRESS'
  | 'AUTH.DOMAIN_NOT_ALLOWED'
  | 'AUTH.EMAIL_ALREADY_VERIFIED'
  | 'AUTH.INVALID_CODE'
  | 'AUTH.INVALID_CREDENTIALS'
  | 'AUTH.INVALID_IDENTIFIER'
  | 'AUTH.INVALID_LINK'
  | 'AUTH.INVALID_NONCE'
  | 'AUTH.INVALID_SIGNATURE'
  | 'AUTH.INVALID_TOKEN'
  | 'AUTH.INVALID_WALLET_ADDRESS'
  | 'AUTH.LOCKED'
  | 'AUTH.MALFORMED_MESSAGE'
  | 'AUTH.MESSAGE_ADDRESS_MISMATCH'
  | 'AUTH.MESSAGE_EXPIRED'
  | 'AUTH.MESSAGE_NOT_YET_VALID'
  | 'AUTH.METHOD_MISMATCH'
  | 'AUTH.NOT_WALLET_ACCOUNT'
  | 'AUTH.PASSWORD_MISMATCH'
  | 'AUTH.REFRESH_ALREADY_USED'
  | 'AUTH.REFRESH_REUSED'
  | 'AUTH.RESEND_COOLDOWN'
  | 'AUTH.SESSION_REVOKED'
  | 'AUTH.TOKEN_EXPIRED'
  | 'AUTH.TOO_MANY_CODES'
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.UNVERIFIED'
  | 'AUTH.WEAK_PASSWORD'
  | 'AUTH.WRONG_CHAIN'
  | 'AUTH.WRONG_PASSWORD';

const error = errorsOf<AuthErrorCode>();

/** Every error the auth module raises, with its stable code. */
export const AuthError = {
  invalidCredentials: () => error(ErrorKind.Unauthorized, 'AUTH.INVALID_CREDENTIALS', 'Invalid credentials.'),
  locked: (retryAfter: number) =>
    error(ErrorKind.Locked, 'AUTH.LOCKED', 'Account temporarily locked after too many failed attempts.', {
      retryAfter,
    }),
  attemptsInFlight: () =>
    error(
      ErrorKind.RateLimited,
      'AUTH.ATTEMPTS_IN_PROGRESS',
      'Too many sign-in attempts for this account are in progress; retry in a moment.',
      { retryAfter: 1 },
    ),
  unverified: () =>
    error(ErrorKind.Forbidden, 'AUTH.UNVERIFIED', 'Verify your email or phone number before logging in.'),
  inactive: () => error(ErrorKind.Forbidden, 'AUTH.ACCOUNT_INACTIVE', 'This account is suspended or deactivated.'),
  missingToken: () =>
    error(ErrorKind.Unauthorized, 'AUTH.UNAUTHENTICATED', 'Authentication is required to access this resource.'),
  invalidToken: () => error(ErrorKind.Unauthorized, 'AUTH.INVALID_TOKEN', 'The token is invalid.'),
  tokenExpired: () => error(ErrorKind.Unauthorized, 'AUTH.TOKEN_EXPIRED', 'The token has expired.'),
  sessionRevoked: () => error(ErrorKind.Unauthorized, 'AUTH.SESSION_REVOKED', 'This session has ended; log in again.'),
  refreshReused: () =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.REFRESH_REUSED',
      'This refresh token was already used; the session has been revoked. Log in again.',
    ),
  refreshRaced: () =>
    error(ErrorKind.Unauthorized, 'AUTH.REFRESH_ALREADY_USED', 'This refresh token was just used by another request.'),
  invalidCode: (attemptsLeft: number) =>
    error(
      ErrorKind.BadRequest,
      'AUTH.INVALID_CODE',
      attemptsLeft > 0
        ? `Invalid or expired code. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`
        : 'Invalid or expired code. Request a new one.',
    ),
  invalidLink: () => error(ErrorKind.BadRequest, 'AUTH.INVALID_LINK', 'This link is invalid, expired or already used.'),
  resendTooSoon: (seconds: number) =>
    error(
      ErrorKind.RateLimited,
      'AUTH.RESEND_COOLDOWN',
      `Please wait ${seconds} seconds before requesting another code.`,
      {
        retryAfter: seconds,
      },
    ),
  tooManyCodes: (seconds: number) =>
    error(
      ErrorKind.RateLimited,
      'AUTH.TOO_MANY_CODES',
      'Too many codes requested for this identifier; try again later.',
      { retryAfter: seconds },
    ),
  badIdentifier: (field = 'identifier') =>
    error(
      ErrorKind.BadRequest,
      'AUTH.INVALID_IDENTIFIER',
      'Enter a valid email address or an international phone number (+…).',
      {
        details: [{ field, message: 'must be an email address or a phone number in international format' }],
      },
    ),
  invalidWalletAddress: (field = 'wallet_address') =>
    error(
      ErrorKind.BadRequest,
      'AUTH.INVALID_WALLET_ADDRESS',
      'Enter a valid Ethereum address (0x followed by 40 hex digits).',
      {
        details: [{ field, message: 'must be an Ethereum address' }],
      },
    ),
  badAddressChecksum: (field = 'wallet_address') =>
    error(
      ErrorKind.BadRequest,
      'AUTH.INVALID_WALLET_ADDRESS',
      'The address has mixed case but fails its EIP-55 checksum; check it for a typo, or send it all in lowercase.',
      { details: [{ field, message: 'fails its EIP-55 checksum' }] },
    ),
  methodMismatch: (method: string) =>
    error(
      ErrorKind.BadRequest,
      'AUTH.METHOD_MISMATCH',
      method === 'sms' ? 'SMS needs a phone number identifier.' : 'E-mail needs an email address identifier.',
      { details: [{ field: 'method', message: `method ${method} does not match the identifier` }] },
    ),
  weakPassword: (details: FieldError[]) =>
    error(ErrorKind.BadRequest, 'AUTH.WEAK_PASSWORD', 'The password does not meet the policy.', { details }),
  passwordMismatch: () =>
    error(ErrorKind.BadRequest, 'AUTH.PASSWORD_MISMATCH', 'The passwords do not match.', {
      details: [{ field: 'confirm_password', message: 'must equal new_password' }],
    }),
  wrongPassword: () =>
    error(ErrorKind.BadRequest, 'AUTH.WRONG_PASSWORD', 'The current password is incorrect.', {
      details: [{ field: 'old_password', message: 'is incorrect' }],
    }),
  invalidWalletSignature: () =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.INVALID_SIGNATURE',
      'The signature does not match the message and wallet address.',
    ),
  malformedWalletMessage: () =>
    error(
      ErrorKind.BadRequest,
      'AUTH.MALFORMED_MESSAGE',
      "The message is neither seed 003's wallet message nor an EIP-4361 (Sign-In with Ethereum) message.",
      { details: [{ field: 'message', message: 'must be the message from wallet/nonce/ or an EIP-4361 message' }] },
    ),
  messageAddressMismatch: () =>
    error(ErrorKind.BadRequest, 'AUTH.MESSAGE_ADDRESS_MISMATCH', 'The address in the message is not wallet_address.', {
      details: [{ field: 'message', message: 'must name wallet_address' }],
    }),
  domainNotAllowed: (domain: string, allowed: string[]) =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.DOMAIN_NOT_ALLOWED',
      `The message is for ${domain}, which may not sign in here; allowed: ${allowed.join(', ')}.`,
    ),
  nonceDomainNotAllowed: (allowed: string[]) =>
    error(ErrorKind.BadRequest, 'AUTH.DOMAIN_NOT_ALLOWED', `Sign-in is allowed for ${allowed.join(', ')} only.`, {
      details: [{ field: 'domain', message: `must be one of ${allowed.join(', ')}` }],
    }),
  wrongChain: (chainId: number, expected: number) =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.WRONG_CHAIN',
      `The message is for chain ${chainId}; sign in on chain ${expected}.`,
    ),
  messageExpired: () =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.MESSAGE_EXPIRED',
      'The message has expired; request a new nonce and sign again.',
    ),
  messageNotYetValid: () =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.MESSAGE_NOT_YET_VALID',
      "The message is not valid yet (issued or not-before in the future); check the device's clock.",
    ),
  invalidNonce: () =>
    error(
      ErrorKind.Unauthorized,
      'AUTH.INVALID_NONCE',
      'The nonce is unknown, expired, already used or for another address.',
    ),
  notWalletAccount: () =>
    error(ErrorKind.BadRequest, 'AUTH.NOT_WALLET_ACCOUNT', 'Only wallet accounts can add an email here.'),
  emailAlreadySet: () =>
    error(ErrorKind.Conflict, 'AUTH.EMAIL_ALREADY_VERIFIED', 'This account already has a verified email.'),
};
