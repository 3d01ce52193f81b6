import { PRODUCT_NAME, type Channel, type MessagePurpose } from '../../notifications/notifications.service.js';
import type { CodePurpose } from './verification-code.service.js';

export interface CodeMessage {
  purpose: MessagePurpose;
  subject: string;
  body: string;
}

/** What each kind of code is for, in the words the recipient reads. */
const WORDING: Record<CodePurpose, { purpose: MessagePurpose; noun: string; action: string; unasked: string }> = {
  signup: {
    purpose: 'verification',
    noun: 'verification code',
    action: 'confirm your e-mail address or phone number for your new account',
    unasked: 'If you did not sign up, ignore this message; the account stays unconfirmed.',
  },
  email_add: {
    purpose: 'verification',
    noun: 'verification code',
    action: 'add this e-mail address to your wallet account',
    unasked: 'If you did not add this address to an account, ignore this message; nothing changes.',
  },
  login: {
    purpose: 'sign_in',
    noun: 'sign-in code',
    action: 'sign in without a password',
    unasked: 'If you did not try to sign in, ignore this message; nobody can sign in without it.',
  },
  password_reset: {
    purpose: 'password_reset',
    noun: 'password reset code',
    action: 'set a new password',
    unasked: 'If you did not ask to reset your password, ignore this message; your password stays as it is.',
  },
};

/**
 * The message for a code or a link. Every message names what it is for (verify, sign in, reset), so a
 * recipient can tell an unexpected one apart. A link opens the confirmation page (`linkUrl`), which
 * confirms with a POST: opening it, as mail scanners do, spends nothing.
 */
export function codeMessage(
  purpose: CodePurpose,
  channel: Channel,
  secret: { code: string; ttlSeconds: number } | { linkUrl: string; ttlSeconds: number },
): CodeMessage {
  const w = WORDING[purpose];
  const minutes = Math.round(secret.ttlSeconds / 60);
  const lasts = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  if ('code' in secret) {
    const body =
      channel === 'sms'
        ? `Your ${PRODUCT_NAME} ${w.noun} is ${secret.code}. Use it to ${w.action}; it expires in ${lasts}.`
        : `Your ${PRODUCT_NAME} ${w.noun} is ${secret.code}.\n\nUse it to ${w.action}. It expires in ${lasts}.\n\n${w.unasked}`;
    return { purpose: w.purpose, subject: `Your ${PRODUCT_NAME} ${w.noun}`, body };
  }
  const linkNoun = w.noun.replace('code', 'link');
  const body =
    channel === 'sms'
      ? `${PRODUCT_NAME}: open ${secret.linkUrl} to ${w.action}. It expires in ${lasts}.`
      : `Open this ${PRODUCT_NAME} ${linkNoun} to ${w.action}:\n\n${secret.linkUrl}\n\n` +
        `The page asks you to confirm. The link expires in ${lasts}.\n\n${w.unasked}`;
  return { purpose: w.purpose, subject: `Your ${PRODUCT_NAME} ${linkNoun}`, body };
}
