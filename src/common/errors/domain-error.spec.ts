import { httpStatusOf } from './all-exceptions.filter.js';
import { DomainError, ErrorKind, errorsOf, isDomainError } from './domain-error.js';

type ShopErrorCode = 'SHOP.CLOSED' | 'SHOP.SOLD_OUT';
const error = errorsOf<ShopErrorCode>();

describe('typed error codes', () => {
  it('builds a module error with one of its declared codes', () => {
    const err = error(ErrorKind.Conflict, 'SHOP.SOLD_OUT', 'gone');
    expect(isDomainError(err)).toBe(true);
    expect({ code: err.code, kind: err.kind, message: err.message }).toEqual({
      code: 'SHOP.SOLD_OUT',
      kind: ErrorKind.Conflict,
      message: 'gone',
    });
  });

  // The compiler checks this one, not the run: `npm run typecheck` (in CI) fails on an expect-error directive
  // with no error under it, i.e. if any of these codes were accepted.
  it('does not compile a code the module did not declare, nor one outside AREA.REASON', () => {
    // @ts-expect-error another module's code
    const foreign = () => error(ErrorKind.NotFound, 'LOAN.NOT_FOUND', 'x');
    // @ts-expect-error lower case is not a code
    const lower = () => new DomainError(ErrorKind.NotFound, 'shop.closed', 'x');
    // @ts-expect-error a code needs an area
    const bare = () => new DomainError(ErrorKind.NotFound, 'CLOSED', 'x');
    // At run time nothing stops them: the guarantee is the compiler's.
    expect([foreign(), lower(), bare()].map((e) => e.code)).toEqual(['LOAN.NOT_FOUND', 'shop.closed', 'CLOSED']);
  });

  it('takes the HTTP status from the kind, in the filter only', () => {
    const kinds = Object.values(ErrorKind);
    const statuses = kinds.map((kind) => httpStatusOf(error(kind, 'SHOP.CLOSED', 'x')));
    expect(Object.fromEntries(kinds.map((k, i) => [k, statuses[i]]))).toEqual({
      BadRequest: 400,
      Unauthorized: 401,
      Forbidden: 403,
      NotFound: 404,
      MethodNotAllowed: 405,
      Conflict: 409,
      PayloadTooLarge: 413,
      UnsupportedMediaType: 415,
      Unprocessable: 422,
      Locked: 423,
      RateLimited: 429,
      Unavailable: 503,
    });
  });
});
