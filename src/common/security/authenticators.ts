import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PartnerPrincipal, UserPrincipal } from './principal.js';

export type BearerAuthenticator = (request: FastifyRequest) => Promise<UserPrincipal>;
/**
 * `admit` counts the request against the client's route limits (429 over one); the authenticator calls it as soon
 * as the client is established, before anything that costs the client (its own quota).
 */
export type PartnerAuthenticator = (
  request: FastifyRequest,
  admit: (client: PartnerPrincipal) => Promise<void>,
) => Promise<PartnerPrincipal>;

/**
 * The auth and partner modules plug their authenticators in here, so the global guard needs no import of
 * either module's internals. Until one is registered, its routes answer 401.
 */
@Injectable()
export class AuthenticatorRegistry {
  bearer: BearerAuthenticator | null = null;
  partner: PartnerAuthenticator | null = null;
}
