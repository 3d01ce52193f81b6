import { DomainError, ErrorKind } from '../common/errors/index.js';

/** Errors the blockchain module raises. Node trouble is never one of them: reads degrade to "unavailable". */
export const BlockchainError = {
  invalidAddress: () =>
    new DomainError(
      ErrorKind.BadRequest,
      'BLOCKCHAIN.INVALID_ADDRESS',
      'The wallet address is not a valid 0x address.',
    ),
};
