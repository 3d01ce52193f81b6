// What other modules use of auth besides AuthModule and its services.
export { JWKS_PATH } from './tokens/token.constants.js';
