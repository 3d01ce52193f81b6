import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PartnerPrincipal, UserPrincipal } from './principal.js';

export type BearerAuthenticator = (request: FastifyRequest) => Promise<UserPrincipal>;
export type PartnerAuthenticator = (request: FastifyRequest) => Promise<PartnerPrincipal>;

/**
 * The auth and partner modules plug their authenticators in here, so the global guard needs no import of
 * either module's internals. Until one is registered, its routes answer 401.
 */
@Injectable()
export class AuthenticatorRegistry {
  bearer: BearerAuthenticator | null = null;
  partner: PartnerAuthenticator | null = null;
}
