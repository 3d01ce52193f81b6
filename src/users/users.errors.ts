import { ErrorKind, errorsOf } from '../common/errors/index.js';

/** The codes this module raises. */
export type UsersErrorCode =
  'USERS.EMAIL_TAKEN' | 'USERS.NOT_FOUND' | 'USERS.OWN_ACCOUNT' | 'USERS.PHONE_TAKEN' | 'USERS.WALLET_TAKEN';

const error = errorsOf<UsersErrorCode>();

export const UsersError = {
  emailTaken: () => error(ErrorKind.Conflict, 'USERS.EMAIL_TAKEN', 'Email already exists.'),
  phoneTaken: () => error(ErrorKind.Conflict, 'USERS.PHONE_TAKEN', 'Phone number already exists.'),
  walletTaken: () =>
    error(ErrorKind.Conflict, 'USERS.WALLET_TAKEN', 'This wallet is already linked to another account.'),
  notFound: () => error(ErrorKind.NotFound, 'USERS.NOT_FOUND', 'User not found.'),
  ownAccount: () =>
    error(
      ErrorKind.Forbidden,
      'USERS.OWN_ACCOUNT',
      'Admins cannot change their own role, KYC status or account status; another admin must.',
    ),
};
