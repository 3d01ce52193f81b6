import { commonError, ErrorKind } from '../errors/index.js';

/** What the AccessGuard answers; the decorators document the same errors. */
export const AccessError = {
  unauthenticated: () =>
    commonError(ErrorKind.Unauthorized, 'AUTH.UNAUTHENTICATED', 'Authentication is required to access this resource.'),
  partnerUnavailable: () =>
    commonError(ErrorKind.Unauthorized, 'PARTNER.UNAUTHENTICATED', 'Partner authentication is not available.'),
  forbiddenRole: (roles: readonly string[]) =>
    commonError(ErrorKind.Forbidden, 'AUTH.FORBIDDEN_ROLE', `This action needs the role ${roles.join(' or ')}.`),
};
