import type { PartnerPrincipal } from './principal.js';

/**
 * What the AccessGuard hands the client-id strategy (as passport's authenticate options): `admit` counts the
 * request against the client's route limits (429 over one). The strategy calls it as soon as the client is
 * established, before anything that costs the client (its own quota).
 */
export interface PartnerAdmission {
  admit: (client: PartnerPrincipal) => Promise<void>;
}
