import { PRODUCT_NAME, type NewMessage } from '../../notifications/notifications.service.js';
import type { User } from '../../users/entities/user.entity.js';
import { CHALLENGE_TTL_SECONDS, type Delivery } from './challenge-rules.js';

/** Partner names reach SMS and e-mail bodies: keep them to one plain line. */
const plain = (s: string) => s.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();

/** The passcode a partner asked for, naming the partner and what it is for. */
export function passcodeMessage(
  user: User,
  delivery: Delivery,
  code: string,
  partnerName: string,
): Omit<NewMessage, 'expiresAt'> {
  const partner = plain(partnerName);
  const minutes = Math.round(CHALLENGE_TTL_SECONDS / 60);
  if (delivery === 'sms') {
    return {
      channel: 'sms',
      purpose: 'partner_passcode',
      destination: user.phone!,
      body: `${PRODUCT_NAME}: ${code} is your passcode for ${partner}. Give it only to ${partner}; it expires in ${minutes} minutes.`,
    };
  }
  return {
    channel: 'email',
    purpose: 'partner_passcode',
    destination: user.email!,
    subject: `Your ${PRODUCT_NAME} passcode for ${partner}`,
    body:
      `${partner} asked to confirm that Credo ID ${user.handle} is yours.\n\n` +
      `Your passcode: ${code}\n\n` +
      `Give it only to ${partner}. It expires in ${minutes} minutes. ` +
      `If you are not dealing with ${partner}, ignore this message; nothing happens without the passcode.`,
  };
}
