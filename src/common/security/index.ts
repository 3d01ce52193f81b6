export * from './access.decorators.js';
export * from './principal.js';
export * from './authenticators.js';
export { AccessGuard } from './access.guard.js';
export { CurrentUser, CurrentPartner } from './current-user.decorator.js';
export { publishRouteAccess } from './route-access.js';
