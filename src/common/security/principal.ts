import type { Role } from './access.decorators.js';

/** Who is calling, as established by the bearer authenticator. */
export interface UserPrincipal {
  userId: string;
  sessionId: string;
  role: Role;
}

/** Which partner is calling, as established by the partner-client authenticator. */
export interface PartnerPrincipal {
  partnerId: string;
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserPrincipal;
    partner?: PartnerPrincipal;
  }
}
