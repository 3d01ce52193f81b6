import { createClient } from '@blockscore/client';

/** Seed 003: sign up by e-mail, confirm with the emailed code, log in and read your account. */
export async function blockauthExample(
  baseUrl: string,
  email: string,
  password: string,
  readCode: (email: string) => Promise<string>,
) {
  const api = createClient({ baseUrl });

  const signup = await api.POST('/api/v1/auth/signup/', { body: { identifier: email, password } });
  if (!signup.data) throw new Error(`signup: ${signup.error?.message}`);

  const code = await readCode(email);
  const confirm = await api.POST('/api/v1/auth/signup/confirm/', { body: { identifier: email, code } });
  if (!confirm.data) throw new Error(`confirm: ${confirm.error?.message}`);

  const login = await api.POST('/api/v1/auth/login/basic/', { body: { identifier: email, password } });
  if (!login.data) throw new Error(`login: ${login.error?.message}`);

  const me = await createClient({ baseUrl, token: login.data.access }).GET('/api/v1/auth/me/');
  if (!me.data) throw new Error(`me: ${me.error?.message}`);
  return { id: me.data.id, handle: me.data.handle, refresh: login.data.refresh };
}
