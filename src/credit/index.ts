// What other modules use of credit besides CreditModule and its services: the approval policy loans apply.
export { assessApproval } from './scorecard/approval.js';
