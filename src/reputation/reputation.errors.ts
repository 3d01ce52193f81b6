import { ErrorKind, errorsOf, validationFailed } from '../common/errors/index.js';
import { REPUTATION_MODEL } from './model/reputation-model.js';

const { minAccountAgeDays, creditHistoryOnTimePayments } = REPUTATION_MODEL.endorsers;
const { maxGivenPerPeriod, periodDays } = REPUTATION_MODEL.endorsementBounds;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const standingNeeded = (ageDays: number) =>
  `an account at least ${days(minAccountAgeDays)} old (yours is ${days(ageDays)}), an approved KYC, or a credit ` +
  `history (a repaid loan or ${creditHistoryOnTimePayments} loan payments on time)`;

/** The codes this module raises. */
export type ReputationErrorCode =
  | 'CREDO.EXTERNAL_ID_CONFLICT'
  | 'CREDO.HANDLE_INACTIVE'
  | 'CREDO.HANDLE_NOT_FOUND'
  | 'CREDO.HANDLE_NOT_VERIFIED'
  | 'REPUTATION.ACCOUNT_INACTIVE'
  | 'REPUTATION.ALREADY_ENDORSED'
  | 'REPUTATION.ENDORSEMENT_NOT_FOUND'
  | 'REPUTATION.ENDORSEMENT_QUOTA'
  | 'REPUTATION.ENDORSER_NO_STANDING'
  | 'REPUTATION.ENDORSER_UNVERIFIED'
  | 'REPUTATION.SELF_ENDORSEMENT';

const error = errorsOf<ReputationErrorCode>();

/** Every error the reputation module raises, with its stable code. */
export const ReputationError = {
  handleNotFound: () => error(ErrorKind.NotFound, 'CREDO.HANDLE_NOT_FOUND', 'No user has this Credo ID.'),
  handleInactive: (status: string) =>
    error(ErrorKind.Forbidden, 'CREDO.HANDLE_INACTIVE', `This Credo ID is ${status}.`),
  handleNotVerified: () =>
    error(
      ErrorKind.Forbidden,
      'CREDO.HANDLE_NOT_VERIFIED',
      'Validate an authentication challenge for this Credo ID before submitting data about it.',
    ),
  externalIdConflict: () =>
    error(ErrorKind.Conflict, 'CREDO.EXTERNAL_ID_CONFLICT', 'This external_id was already used with different data.', {
      details: [{ field: 'external_id', message: 'already used with different data' }],
    }),
  inTheFuture: (field: string) => validationFailed([{ field, message: `${field} must not be in the future` }]),
  selfEndorsement: () =>
    error(ErrorKind.BadRequest, 'REPUTATION.SELF_ENDORSEMENT', 'You cannot endorse yourself.', {
      details: [{ field: 'handleId', message: 'is your own Credo ID' }],
    }),
  alreadyEndorsed: () =>
    error(ErrorKind.Conflict, 'REPUTATION.ALREADY_ENDORSED', 'You have already endorsed this user.'),
  endorsementNotFound: () =>
    error(ErrorKind.NotFound, 'REPUTATION.ENDORSEMENT_NOT_FOUND', 'You have not endorsed this user.'),
  endorserInactive: () =>
    error(ErrorKind.Forbidden, 'REPUTATION.ACCOUNT_INACTIVE', 'Only active accounts can endorse.'),
  endorserUnverified: (hasStanding: boolean, ageDays: number) =>
    error(
      ErrorKind.Forbidden,
      'REPUTATION.ENDORSER_UNVERIFIED',
      'Endorsing needs a verified e-mail address or phone number; a wallet alone does not show a person.' +
        (hasStanding ? '' : ` It also needs ${standingNeeded(ageDays)}.`),
    ),
  endorserWithoutStanding: (ageDays: number) =>
    error(ErrorKind.Forbidden, 'REPUTATION.ENDORSER_NO_STANDING', `Endorsing needs ${standingNeeded(ageDays)}.`),
  endorsementQuota: (retryAt: Date) =>
    error(
      ErrorKind.RateLimited,
      'REPUTATION.ENDORSEMENT_QUOTA',
      `You can give at most ${maxGivenPerPeriod} endorsements in ${days(periodDays)}; ` +
        `the next one is possible after ${retryAt.toISOString()}.`,
      { retryAfter: Math.max(1, (retryAt.getTime() - Date.now()) / 1000) },
    ),
};
