import type { TestApp } from './app.js';
import { unique } from './app.js';
import type { MailCapture } from './mail-capture.js';

export const PASSWORD = 'SecurePass123!';

export interface Account {
  email: string;
  password: string;
  id: string;
}

/** Seed 000's register, then the code from the captured e-mail through signup/confirm/. */
export async function registerVerified(app: TestApp, mail: MailCapture, password = PASSWORD): Promise<Account> {
  const email = `${unique('user')}@example.com`;
  const reg = await app.request('/auth/register', { method: 'POST', json: { email, password } });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${reg.text}`);
  const code = await mail.code(email);
  const confirm = await app.request('/v1/auth/signup/confirm/', { method: 'POST', json: { identifier: email, code } });
  if (confirm.status !== 200) throw new Error(`confirm failed: ${confirm.status} ${confirm.text}`);
  return { email, password, id: reg.body.user.id as string };
}

export async function login(
  app: TestApp,
  email: string,
  password = PASSWORD,
): Promise<{ access: string; refresh: string }> {
  const res = await app.request('/auth/login', { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { access: res.body.tokens.access_token as string, refresh: res.body.tokens.refresh_token as string };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
