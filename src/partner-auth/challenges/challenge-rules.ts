/** The seed's bounds for a passcode challenge, and this service's defaults within them. */
export const PASSCODE_LENGTH = { min: 4, max: 8, default: 6 } as const;
export const PASSCODE_ATTEMPTS = { min: 1, max: 5, default: 3 } as const;
/** Signatures cannot be guessed; the cap only stops a client hammering one challenge. */
export const SIGNATURE_ATTEMPTS = 5;
export const CHALLENGE_TTL_SECONDS = 600;
/** Passcodes per user per hour across all partners, so no partner can flood someone's phone or inbox. */
export const PASSCODES_PER_USER_PER_HOUR = 5;

export type Delivery = 'sms' | 'email' | 'otp';
export const DELIVERIES: Delivery[] = ['sms', 'email', 'otp'];

/** `chl_` and 32 random bytes: unguessable, and well under the seed's 160 characters. */
export const CHALLENGE_ID = /^chl_[A-Za-z0-9_-]{43}$/;
