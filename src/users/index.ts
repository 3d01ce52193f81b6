// What other modules use of users besides UsersModule, UsersService and the DTOs: identifier parsing and the
// user views every API shows.
export { parseIdentifier, type Identifier } from './identifier.js';
export { fullName, iso, meView, tokenUserView } from './user-views.js';
export { SelectedColumns } from './select-list.js';
export { KYC_STATUSES, ROLES, USER_STATUSES } from './user-values.js';
