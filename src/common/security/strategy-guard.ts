import type { ExecutionContext } from '@nestjs/common';
import { AuthGuard, type IAuthGuard } from '@nestjs/passport';
import { DomainError, isDomainError } from '../errors/index.js';

/**
 * @nestjs/passport's AuthGuard for one strategy, answering as the routes always have: a strategy reports every
 * refusal as our DomainError (thrown from validate, or as the reason it fails), which goes out as it is; a
 * failure without one answers `refusal()`. The principal lands on `request[property]`.
 */
export function strategyGuard(
  strategy: string,
  property: 'user' | 'partner',
  refusal: () => DomainError,
  options: (context: ExecutionContext) => object = () => ({}),
): IAuthGuard {
  class StrategyGuard extends AuthGuard(strategy) {
    override handleRequest<T>(err: unknown, principal: T | false | null, info: unknown): T {
      if (err) throw err as Error;
      if (principal) return principal;
      throw isDomainError(info) ? info : refusal();
    }

    override getAuthenticateOptions(context: ExecutionContext) {
      return { session: false, property, ...options(context) };
    }
  }
  return new StrategyGuard();
}
