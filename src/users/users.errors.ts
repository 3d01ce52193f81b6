import { DomainError, ErrorKind } from '../common/errors/index.js';

export const UsersError = {
  emailTaken: () => new DomainError(ErrorKind.Conflict, 'USERS.EMAIL_TAKEN', 'Email already exists.'),
  phoneTaken: () => new DomainError(ErrorKind.Conflict, 'USERS.PHONE_TAKEN', 'Phone number already exists.'),
  walletTaken: () =>
    new DomainError(ErrorKind.Conflict, 'USERS.WALLET_TAKEN', 'This wallet is already linked to another account.'),
  notFound: () => new DomainError(ErrorKind.NotFound, 'USERS.NOT_FOUND', 'User not found.'),
  ownAccount: () =>
    new DomainError(
      ErrorKind.Forbidden,
      'USERS.OWN_ACCOUNT',
      'Admins cannot change their own role, KYC status or account status; another admin must.',
    ),
};
