import { ErrorKind, errorsOf } from '../common/errors/index.js';

/** The codes this module raises. */
export type BlockchainErrorCode = 'BLOCKCHAIN.INVALID_ADDRESS';

const error = errorsOf<BlockchainErrorCode>();

/** Errors the blockchain module raises. Node trouble is never one of them: reads degrade to "unavailable". */
export const BlockchainError = {
  invalidAddress: () =>
    error(ErrorKind.BadRequest, 'BLOCKCHAIN.INVALID_ADDRESS', 'The wallet address is not a valid 0x address.'),
};
