import { ErrorKind, errorsOf } from '../common/errors/index.js';

/** The codes this module raises. */
export type CreditErrorCode = 'CREDIT.INVALID_WALLET' | 'CREDIT.SCORE_NOT_FOUND' | 'CREDIT.WALLET_NOT_LINKED';

const error = errorsOf<CreditErrorCode>();

export const CreditError = {
  walletNotLinked: () =>
    error(
      ErrorKind.Forbidden,
      'CREDIT.WALLET_NOT_LINKED',
      'This wallet is not linked to your account. Link it with POST /api/profile/wallet before scoring it.',
    ),
  scoreNotFound: () =>
    error(ErrorKind.NotFound, 'CREDIT.SCORE_NOT_FOUND', 'No credit score with this id belongs to you.'),
  invalidWallet: () =>
    error(ErrorKind.BadRequest, 'CREDIT.INVALID_WALLET', 'walletAddress is not an Ethereum address.', {
      details: [{ field: 'walletAddress', message: 'must be a 0x-prefixed 40-hex-digit Ethereum address' }],
    }),
};
