import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type Identifier = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Emails are compared lower-cased; that is how they are stored. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/** E.164 (`+14155550123`); only numbers libphonenumber considers valid. International format required. */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^\+?[0-9 ().-]{6,24}$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed.startsWith('+') ? trimmed : `+${trimmed}`);
  return parsed?.isValid() ? parsed.number : null;
}

/** "Email or Phone number", as seed 003 calls it. */
export function parseIdentifier(raw: string): Identifier | null {
  if (raw.includes('@')) {
    const value = normalizeEmail(raw);
    return value ? { kind: 'email', value } : null;
  }
  const value = normalizePhone(raw);
  return value ? { kind: 'phone', value } : null;
}
