import { ErrorKind, errorsOf } from '../common/errors/index.js';

/** The codes this module raises. */
export type PartnerAuthErrorCode =
  | 'CREDO.CHALLENGE_EXHAUSTED'
  | 'CREDO.CHALLENGE_EXPIRED'
  | 'CREDO.CHALLENGE_NOT_FOUND'
  | 'CREDO.CHALLENGE_USED'
  | 'CREDO.DELIVERY_UNAVAILABLE'
  | 'CREDO.HANDLE_INACTIVE'
  | 'CREDO.HANDLE_NOT_FOUND'
  | 'CREDO.INVALID_RESPONSE'
  | 'CREDO.METHOD_UNAVAILABLE'
  | 'CREDO.TOO_MANY_PASSCODES'
  | 'PARTNER.MALFORMED_CLIENT_ID'
  | 'PARTNER.MISSING_CLIENT_ID'
  | 'PARTNER.NOT_FOUND'
  | 'PARTNER.OWN_HANDLE'
  | 'PARTNER.QUOTA_EXCEEDED'
  | 'PARTNER.REVOKED_CLIENT'
  | 'PARTNER.UNKNOWN_CLIENT';

const error = errorsOf<PartnerAuthErrorCode>();

/** Every error the partner API raises for authentication and challenges, with its stable code. */
export const PartnerError = {
  missingClient: () =>
    error(
      ErrorKind.Unauthorized,
      'PARTNER.MISSING_CLIENT_ID',
      'Send your client id as "Authorization: client <clientId>".',
    ),
  malformedClient: () =>
    error(
      ErrorKind.Unauthorized,
      'PARTNER.MALFORMED_CLIENT_ID',
      'The Authorization header must read "client <clientId>" with a Credo360 client id.',
    ),
  unknownClient: () => error(ErrorKind.Unauthorized, 'PARTNER.UNKNOWN_CLIENT', 'This client id is not valid.'),
  revokedClient: () => error(ErrorKind.Unauthorized, 'PARTNER.REVOKED_CLIENT', 'This client id has been revoked.'),
  quotaExceeded: (retryAfter: number) =>
    error(ErrorKind.RateLimited, 'PARTNER.QUOTA_EXCEEDED', 'This client has used its requests for now.', {
      retryAfter,
    }),
  partnerNotFound: () => error(ErrorKind.NotFound, 'PARTNER.NOT_FOUND', 'Partner client not found.'),
  handleNotFound: () => error(ErrorKind.NotFound, 'CREDO.HANDLE_NOT_FOUND', 'No user has this Credo ID.'),
  ownHandle: () =>
    error(
      ErrorKind.Forbidden,
      'PARTNER.OWN_HANDLE',
      'A partner client cannot verify the Credo ID of the admin who created it.',
    ),
  handleInactive: (status: string) =>
    error(ErrorKind.Forbidden, 'CREDO.HANDLE_INACTIVE', `This Credo ID is ${status}.`),
  methodUnavailable: (method: string) =>
    error(
      ErrorKind.BadRequest,
      'CREDO.METHOD_UNAVAILABLE',
      `The ${method} method is not available for this user; see GET /api/partner/auth/:handleId.`,
      { details: [{ field: 'method', message: `${method} is not available for this user` }] },
    ),
  deliveryUnavailable: (delivery: string) =>
    error(
      ErrorKind.BadRequest,
      'CREDO.DELIVERY_UNAVAILABLE',
      `This user has no verified ${delivery === 'sms' ? 'phone number' : 'e-mail address'} to deliver a passcode to.`,
      { details: [{ field: 'delivery', message: `${delivery} is not available for this user` }] },
    ),
  tooManyPasscodes: (retryAfter: number) =>
    error(
      ErrorKind.RateLimited,
      'CREDO.TOO_MANY_PASSCODES',
      'Too many passcodes were sent to this user recently; try again later.',
      { retryAfter },
    ),
  challengeNotFound: () => error(ErrorKind.NotFound, 'CREDO.CHALLENGE_NOT_FOUND', 'Challenge not found.'),
  challengeUsed: () => error(ErrorKind.Conflict, 'CREDO.CHALLENGE_USED', 'This challenge has already been validated.'),
  challengeExpired: () =>
    error(ErrorKind.BadRequest, 'CREDO.CHALLENGE_EXPIRED', 'This challenge has expired; create a new one.'),
  challengeExhausted: () =>
    error(
      ErrorKind.BadRequest,
      'CREDO.CHALLENGE_EXHAUSTED',
      'No validation attempts are left for this challenge; create a new one.',
    ),
  wrongResponse: (attemptsRemaining: number) =>
    error(
      ErrorKind.BadRequest,
      'CREDO.INVALID_RESPONSE',
      attemptsRemaining > 0
        ? `The response is not valid. ${attemptsRemaining} attempt${attemptsRemaining === 1 ? '' : 's'} remaining.`
        : 'The response is not valid. No attempts remaining; create a new challenge.',
      { details: [{ field: 'response', message: `${attemptsRemaining} attempts remaining` }] },
    ),
};
