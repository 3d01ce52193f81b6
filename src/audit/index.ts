// What other modules use of audit besides AuditModule and AuditService.
export { Actor, type AuditActor } from './audit-actor.js';
