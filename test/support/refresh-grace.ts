import { decodeJwt } from 'jose';
import type { TestApp } from './app.js';

/**
 * Moves a spent refresh token's first use back to just past the reuse grace (REFRESH_REUSE_GRACE_MS), as if
 * that long had passed, instead of sleeping through it. The server measures the age in the database
 * (now() - used_at), so this is the state it would see. The app keeps its production grace, so that
 * concurrent refreshes of one token stay within it however slowly a loaded machine serves them.
 */
export async function pastRefreshGrace(app: TestApp, refresh: string): Promise<void> {
  const { jti } = decodeJwt(refresh);
  const graceMs = app.config.env.REFRESH_REUSE_GRACE_MS;
  const updated = await app.dataSource.query(
    `UPDATE refresh_tokens SET used_at = used_at - make_interval(secs => $2) WHERE jti = $1 AND used_at IS NOT NULL`,
    [jti, (graceMs + 500) / 1000],
  );
  if (!updated[1]) throw new Error(`refresh token ${jti} was not spent`);
}
