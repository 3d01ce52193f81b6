import { createClient } from '@blockscore/client';

/**
 * Seed 004, as a partner: ask how a user can prove their Credo ID, send them a passcode, validate the code they
 * give you back, then read their reputation profile.
 */
export async function credo360Example(
  baseUrl: string,
  clientId: string,
  handleId: string,
  askUserForPasscode: () => Promise<string>,
) {
  const partner = createClient({ baseUrl, partnerClientId: clientId, requestId: `credo-${handleId}` });

  const methods = await partner.GET('/api/partner/auth/{id}', { params: { path: { id: handleId } } });
  if (!methods.data) throw new Error(`methods: ${methods.error?.message}`);

  const challenge = await partner.POST('/api/partner/auth/{id}', {
    params: { path: { id: handleId }, query: { method: 'passcode' } },
  });
  if (!challenge.data) throw new Error(`challenge: ${challenge.error?.message}`);

  const validated = await partner.PATCH('/api/partner/auth/{id}', {
    params: { path: { id: challenge.data.challengeId } },
    body: { response: await askUserForPasscode() },
  });
  if (!validated.data) throw new Error(`validate: ${validated.error?.message}`);

  const user = await partner.GET('/api/partner/users/{handleId}', { params: { path: { handleId } } });
  if (!user.data) throw new Error(`reputation: ${user.error?.message}`);
  return { methods: methods.data.methods, verified: validated.data.handleId, reputation: user.data.reputation };
}
