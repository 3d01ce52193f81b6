import { checkPassword } from '../common/password-policy/password-policy.js';
import type { ParsedConfig } from './config.schema.js';

/**
 * Every ADMIN_PASSWORD our own examples show (docker/, .env.example, README.md). Whoever read the example
 * knows it, so production refuses it even where it passes the policy. A unit test scans those files and fails
 * when one shows a value missing here.
 */
export const EXAMPLE_ADMIN_PASSWORDS: readonly string[] = ['change-me-admin-password', 'Admin-Strong-Pass-1'];

/** The shape of the examples' placeholders, so a variant (`Change_Me-2024!`) is refused as well. */
const PLACEHOLDER = /change[-_ ]?me/i;

export function isExampleAdminPassword(password: string): boolean {
  const normalised = password.trim().toLowerCase();
  return PLACEHOLDER.test(password) || EXAMPLE_ADMIN_PASSWORDS.some((example) => example.toLowerCase() === normalised);
}

/**
 * Settings that work in development and are unsafe in production, one line per problem, each naming its
 * variable. Console delivery prints every code, reset link and partner passcode into the logs; the first admin's
 * password meets the policy register enforces (complexity included), and is never one from our examples.
 */
export function unsafeProductionSettings(config: ParsedConfig): string[] {
  const problems: string[] = [];
  if (!config.SMTP_URL) {
    problems.push(
      'SMTP_URL=unset: production cannot print e-mail to the console (codes and links would land in the logs); set an SMTP server',
    );
  }
  if (config.SMS_PROVIDER === 'console') {
    problems.push(
      'SMS_PROVIDER="console": production cannot print SMS to the console (codes would land in the logs); use twilio or webhook',
    );
  }
  const password = config.ADMIN_PASSWORD;
  if (password !== undefined) {
    if (isExampleAdminPassword(password)) {
      problems.push('ADMIN_PASSWORD=(hidden): is a placeholder from our examples; set a password of your own');
    }
    const policy = checkPassword(password, { email: config.ADMIN_EMAIL }, { requireComplexity: true });
    if (policy.length) {
      problems.push(`ADMIN_PASSWORD=(hidden): fails the password policy: ${policy.map((p) => p.message).join(' ')}`);
    }
  }
  return problems;
}
