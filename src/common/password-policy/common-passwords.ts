import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The 49,233 most common leaked passwords that zxcvbn ranks (its `passwords-common` list, from real breach
 * corpora), the same kind of list as Django's 20,000-entry one. Loaded once, lazily, as a Set.
 */
let common: Set<string> | null = null;

export function commonPasswords(): Set<string> {
  if (!common) {
    const raw = (dictionary as Record<string, unknown>)['passwords-common'];
    const list = Array.isArray(raw) ? (raw as string[]) : String(raw).split(',');
    common = new Set(list.map((p) => p.trim().toLowerCase()));
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}
