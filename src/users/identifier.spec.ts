import { normalizeEmail, normalizePhone, parseIdentifier } from './identifier.js';

describe('identifiers', () => {
  it('lower-cases and trims emails and rejects malformed ones', () => {
    expect(normalizeEmail('  User@Example.COM ')).toBe('user@example.com');
    expect(normalizeEmail('no-at-sign')).toBeNull();
    expect(normalizeEmail('a@b')).toBeNull();
    expect(normalizeEmail(`${'x'.repeat(250)}@example.com`)).toBeNull();
  });

  it('normalises phone numbers to E.164', () => {
    expect(normalizePhone('+1 (415) 555-2671')).toBe('+14155552671');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('12')).toBeNull();
    expect(normalizePhone('+1 000 000 0000')).toBeNull();
  });

  it('tells an email from a phone number', () => {
    expect(parseIdentifier('a@example.com')).toEqual({ kind: 'email', value: 'a@example.com' });
    expect(parseIdentifier('+14155552671')).toEqual({ kind: 'phone', value: '+14155552671' });
    expect(parseIdentifier('nonsense')).toBeNull();
  });
});
