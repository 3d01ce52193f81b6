// What other modules use of auth besides AuthModule and its services.
export { checkPassword } from './password/password-policy.js';
export { JWKS_PATH } from './tokens/token.constants.js';
