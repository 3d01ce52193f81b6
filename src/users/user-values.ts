import { ROLES } from '../common/security/index.js';

/** The values of a user's status, KYC status and role, for the types and the API document alike. */
export const USER_STATUSES = ['pending', 'active', 'locked', 'suspended', 'deactivated'] as const;
export const KYC_STATUSES = ['not_started', 'pending', 'approved', 'rejected'] as const;
export { ROLES };
