/**
 * The stable names of audited actions and of what they act on. Clients filter by them, so a name, once
 * shipped, is never renamed; a new action gets a new name.
 */
export const AUDIT_ACTIONS = [
  'loan.approve',
  'loan.reject',
  'loan.disburse',
  'loan.payment',
  'loan.default',
  'user.update',
  'partner.create',
  'partner.revoke',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['loan', 'user', 'partner'] as const;

export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
