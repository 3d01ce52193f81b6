import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { AccessError } from './access.errors.js';

export const ACCESS_KEY = 'access';

export const ROLES = ['user', 'underwriter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type AccessRule = { kind: 'public' } | { kind: 'bearer'; roles: Role[] } | { kind: 'partner' };

/**
 * Each decorator sets what the global AccessGuard enforces and what the OpenAPI document says, together,
 * so docs and enforcement cannot drift. A route with none of them needs a bearer token (deny by default);
 * the document builder makes bearer the default security for the same reason.
 */
export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule), ApiExtension('x-public', true));

export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'bearer', roles } satisfies AccessRule),
    ApiSecurity('bearer'),
    ApiErrors(AccessError.forbiddenRole(roles)),
  );

export const PartnerClient = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'partner' } satisfies AccessRule), ApiSecurity('client'));
