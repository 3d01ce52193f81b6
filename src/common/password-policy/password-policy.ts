import type { FieldError } from '../errors/index.js';
import { isCommonPassword } from './common-passwords.js';
import { similarityRatio } from './similarity.js';

export const MIN_PASSWORD_LENGTH = 8;
/** Longer passwords are refused before hashing: argon2 on megabytes is a denial-of-service lever. */
export const MAX_PASSWORD_LENGTH = 128;
const MAX_SIMILARITY = 0.7;

export interface PasswordContext {
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface PolicyOptions {
  /** Seed 000's register: upper, lower, digit and special character as well. */
  requireComplexity?: boolean;
  field?: string;
}

/** Django's four validators (similarity, length, common, numeric), each failure with its own message. */
export function checkPassword(
  password: string,
  context: PasswordContext = {},
  options: PolicyOptions = {},
): FieldError[] {
  const field = options.field ?? 'password';
  const errors: string[] = [];
  if (password.length > MAX_PASSWORD_LENGTH) {
    return [
      { field, message: `This password is too long. It must contain at most ${MAX_PASSWORD_LENGTH} characters.` },
    ];
  }
  const similarTo = similarAttribute(password, context);
  if (similarTo) errors.push(`The password is too similar to the ${similarTo}.`);
  if (password.length < MIN_PASSWORD_LENGTH) {
    errors.push(`This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (isCommonPassword(password)) errors.push('This password is too common.');
  if (/^\d+$/.test(password)) errors.push('This password is entirely numeric.');
  if (options.requireComplexity) {
    if (!/[A-Z]/.test(password)) errors.push('This password must contain an uppercase letter.');
    if (!/[a-z]/.test(password)) errors.push('This password must contain a lowercase letter.');
    if (!/[0-9]/.test(password)) errors.push('This password must contain a digit.');
    if (!/[^A-Za-z0-9]/.test(password)) errors.push('This password must contain a special character.');
  }
  return errors.map((message) => ({ field, message }));
}

function similarAttribute(password: string, context: PasswordContext): string | null {
  const lower = password.toLowerCase();
  const attributes: Array<[string, string | null | undefined]> = [
    ['email address', context.email],
    ['phone number', context.phone],
    ['first name', context.firstName],
    ['last name', context.lastName],
  ];
  for (const [name, value] of attributes) {
    if (!value) continue;
    // Like Django: the whole value and each of its word parts (the e-mail's local part, the domain…).
    const parts = [value, ...value.split(/\W+/)].filter((p) => p.length >= 3);
    if (parts.some((part) => similarityRatio(lower, part.toLowerCase()) >= MAX_SIMILARITY)) return name;
  }
  return null;
}
