import { commonPasswords } from './common-passwords.js';
import { checkPassword, MAX_PASSWORD_LENGTH } from './password-policy.js';
import { similarityRatio } from './similarity.js';

const messages = (
  password: string,
  ...args: Parameters<typeof checkPassword> extends [string, ...infer R] ? R : never
) => checkPassword(password, ...args).map((e) => e.message);

describe('password policy', () => {
  it('uses a real common-password list of at least 20,000 entries', () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(20000);
    for (const p of ['password', '123456', 'qwerty', 'iloveyou', 'letmein', 'football'])
      expect(commonPasswords().has(p)).toBe(true);
  });

  it('accepts the seed examples', () => {
    expect(messages('SecurePass123!', {}, { requireComplexity: true })).toEqual([]);
    expect(messages('MySecretPassword123')).toEqual([]);
    expect(messages('NewSecurePassword123')).toEqual([]);
  });

  it('answers each broken rule with its own message', () => {
    expect(messages('1234567')).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
    ]);
    expect(messages('password')).toEqual(['This password is too common.']);
    expect(messages('83920174')).toEqual(['This password is entirely numeric.']);
  });

  it('refuses a password too similar to the e-mail or name', () => {
    expect(messages('johnsmith99', { email: 'john.smith99@example.com' })).toContain(
      'The password is too similar to the email address.',
    );
    expect(messages('Kowalczyk1', { lastName: 'Kowalczyk' })).toContain(
      'The password is too similar to the last name.',
    );
    expect(messages('Tr4vel-Mountain', { email: 'john@example.com' })).toEqual([]);
  });

  it("requires upper, lower, digit and special for seed 000's register", () => {
    expect(messages('alllowercase9!', {}, { requireComplexity: true })).toEqual([
      'This password must contain an uppercase letter.',
    ]);
    expect(messages('NoDigitsHere!', {}, { requireComplexity: true })).toEqual(['This password must contain a digit.']);
    expect(messages('NoSpecial123', {}, { requireComplexity: true })).toEqual([
      'This password must contain a special character.',
    ]);
  });

  it('refuses passwords over 128 characters before any other work', () => {
    expect(messages('Aa1!'.repeat(40))).toEqual([
      `This password is too long. It must contain at most ${MAX_PASSWORD_LENGTH} characters.`,
    ]);
  });

  it('computes difflib-compatible similarity ratios', () => {
    // Values from Python: SequenceMatcher(None, a, b).ratio()
    expect(similarityRatio('abcd', 'bcde')).toBeCloseTo(0.75, 5);
    expect(similarityRatio('password', 'passw0rd')).toBeCloseTo(0.875, 5);
    expect(similarityRatio('abc', 'xyz')).toBe(0);
  });
});
