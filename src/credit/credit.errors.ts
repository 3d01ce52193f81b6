import { DomainError, ErrorKind, forbidden, notFound } from '../common/errors/index.js';

export const CreditError = {
  walletNotLinked: () =>
    forbidden(
      'CREDIT.WALLET_NOT_LINKED',
      'This wallet is not linked to your account. Link it with POST /api/profile/wallet before scoring it.',
    ),
  scoreNotFound: () => notFound('CREDIT.SCORE_NOT_FOUND', 'No credit score with this id belongs to you.'),
  invalidWallet: () =>
    new DomainError(ErrorKind.BadRequest, 'CREDIT.INVALID_WALLET', 'walletAddress is not an Ethereum address.', {
      details: [{ field: 'walletAddress', message: 'must be a 0x-prefixed 40-hex-digit Ethereum address' }],
    }),
};
