import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from './load-config.js';
import { resolveSecrets } from './secrets.js';

describe('keys and secrets outside production', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'blockscore-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const resolve = (env: Record<string, string> = {}) => resolveSecrets(parseConfig({ DATA_DIR: dir, ...env }));

  it('development generates one P-256 signing key into DATA_DIR (owner-only) and signs with it after a restart', () => {
    const first = resolve();
    const second = resolve();
    expect(first.jwt.signingKeys).toHaveLength(1);
    expect(first.jwt.signingKeys[0].publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(second.jwt.signingKeys[0].kid).toBe(first.jwt.signingKeys[0].kid);
    expect(second.jwt.refresh).toBe(first.jwt.refresh);
    expect(second.codeHash).toBe(first.codeHash);
    expect(statSync(join(dir, 'jwt-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('an in-memory database or NODE_ENV=test gets throw-away keys and writes nothing', () => {
    for (const env of [{ DATABASE_URL: 'pglite://memory' }, { NODE_ENV: 'test' }] as Array<Record<string, string>>) {
      const a = resolve(env);
      const b = resolve(env);
      expect(a.jwt.signingKeys[0].kid).not.toBe(b.jwt.signingKeys[0].kid);
      expect(a.jwt.refresh).not.toBe(b.jwt.refresh);
      expect(a.codeHash).not.toBe(b.codeHash);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keys code hashes with the former access secret, so codes sent before the upgrade stay valid, and forgets it as a token secret', () => {
    const access = randomBytes(48).toString('base64url');
    const refresh = randomBytes(48).toString('base64url');
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ access, refresh }));
    const resolved = resolve();
    expect(resolved.codeHash).toBe(access);
    expect(resolved.jwt.refresh).toBe(refresh);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ refresh, codes: access });
  });

  it('uses keys and secrets given in the environment over those in DATA_DIR', () => {
    resolve();
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const env = {
      JWT_SIGNING_KEYS: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
      CODE_HASH_SECRET: randomBytes(48).toString('base64url'),
    };
    const resolved = resolve(env);
    expect(resolved.jwt.signingKeys[0].privateKey!.equals(key)).toBe(true);
    expect(resolved.jwt.refresh).toBe(env.JWT_REFRESH_SECRET);
    expect(resolved.codeHash).toBe(env.CODE_HASH_SECRET);
  });
});
