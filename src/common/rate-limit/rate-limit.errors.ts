import { commonError, ErrorKind } from '../errors/index.js';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
}

export const RateLimitError = {
  exceeded: (retryAfter: number) =>
    commonError(ErrorKind.RateLimited, 'RATE_LIMIT.EXCEEDED', 'Too many requests. Please try again later.', {
      retryAfter,
    }),
  /** Its X-RateLimit-* headers describe the account-creation cap, not the route's limit. */
  accountCreation: (state: RateLimitState, retryAfter: number) =>
    commonError(
      ErrorKind.RateLimited,
      'RATE_LIMIT.ACCOUNT_CREATION',
      'Too many accounts were created from this network. Please try again later.',
      { retryAfter, rateLimit: state },
    ),
};
