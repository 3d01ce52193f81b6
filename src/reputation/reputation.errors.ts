import { DomainError, ErrorKind, validationFailed } from '../common/errors/index.js';

/** Every error the reputation module raises, with its stable code. */
export const ReputationError = {
  handleNotFound: () => new DomainError(ErrorKind.NotFound, 'CREDO.HANDLE_NOT_FOUND', 'No user has this Credo ID.'),
  handleInactive: (status: string) =>
    new DomainError(ErrorKind.Forbidden, 'CREDO.HANDLE_INACTIVE', `This Credo ID is ${status}.`),
  handleNotVerified: () =>
    new DomainError(
      ErrorKind.Forbidden,
      'CREDO.HANDLE_NOT_VERIFIED',
      'Validate an authentication challenge for this Credo ID before submitting data about it.',
    ),
  externalIdConflict: () =>
    new DomainError(
      ErrorKind.Conflict,
      'CREDO.EXTERNAL_ID_CONFLICT',
      'This external_id was already used with different data.',
      { details: [{ field: 'external_id', message: 'already used with different data' }] },
    ),
  inTheFuture: (field: string) => validationFailed([{ field, message: `${field} must not be in the future` }]),
  selfEndorsement: () =>
    new DomainError(ErrorKind.BadRequest, 'REPUTATION.SELF_ENDORSEMENT', 'You cannot endorse yourself.', {
      details: [{ field: 'handleId', message: 'is your own Credo ID' }],
    }),
  alreadyEndorsed: () =>
    new DomainError(ErrorKind.Conflict, 'REPUTATION.ALREADY_ENDORSED', 'You have already endorsed this user.'),
  endorsementNotFound: () =>
    new DomainError(ErrorKind.NotFound, 'REPUTATION.ENDORSEMENT_NOT_FOUND', 'You have not endorsed this user.'),
  endorserInactive: () =>
    new DomainError(ErrorKind.Forbidden, 'REPUTATION.ACCOUNT_INACTIVE', 'Only active accounts can endorse.'),
};
