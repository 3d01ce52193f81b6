export * from './access.decorators.js';
export * from './principal.js';
export type { PartnerAdmission } from './partner-admission.js';
export { StrategyNames } from './strategy-names.js';
export { AccessGuard } from './access.guard.js';
export { CurrentUser, CurrentPartner } from './current-user.decorator.js';
export { publishRouteAccess } from './route-access.js';
export { AccessError } from './access.errors.js';
