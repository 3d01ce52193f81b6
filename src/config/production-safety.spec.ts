import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import type { ConfigError } from './config.error.js';
import { parseConfig } from './load-config.js';
import { EXAMPLE_ADMIN_PASSWORDS, isExampleAdminPassword } from './production-safety.js';

const random = () => randomBytes(32).toString('base64url');

/** Production settings that pass every check, so a test changes one thing at a time. */
const safe = () => ({
  NODE_ENV: 'production',
  JWT_SIGNING_KEYS: JSON.stringify(
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  ),
  JWT_REFRESH_SECRET: random(),
  CODE_HASH_SECRET: random(),
  SMTP_URL: 'smtp://mailer:pw@smtp.mail.test:587',
  SMS_PROVIDER: 'webhook',
  SMS_WEBHOOK_URL: 'https://sms.mail.test/send',
  ADMIN_EMAIL: 'admin@blockscore.test',
  ADMIN_PASSWORD: `Qz7!${random()}`,
});

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  return [];
}

/** Every file under docker/, and .env.example and README.md: where we show settings to copy. */
function exampleFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return [...walk(join(projectRoot, 'docker')), join(projectRoot, '.env.example'), join(projectRoot, 'README.md')];
}

const VALUE = String.raw`(?:'([^']*)'|"([^"]*)"|([^\s'"\x60,)}#]+))`;
/** A YAML key (at the start of its line), an env or shell assignment, a compose `${ADMIN_PASSWORD:-default}`. */
const SHOWN = [
  new RegExp(String.raw`^[ \t]*(?:-[ \t]+)?ADMIN_PASSWORD:[ \t]*${VALUE}`, 'gm'),
  new RegExp(String.raw`ADMIN_PASSWORD=${VALUE}`, 'g'),
  new RegExp(String.raw`\$\{ADMIN_PASSWORD:?-${VALUE}`, 'g'),
];

/** Every literal ADMIN_PASSWORD value shown; empty values and shell substitutions (`$(openssl rand …)`) are not. */
function adminPasswordsShown(): Array<{ file: string; value: string }> {
  return exampleFiles().flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return SHOWN.flatMap((pattern) => [...text.matchAll(pattern)])
      .map((m) => ({ file: relative(projectRoot, file), value: m[1] ?? m[2] ?? m[3] ?? '' }))
      .filter(({ value }) => value !== '' && !value.startsWith('$'));
  });
}

describe('production refuses unsafe settings', () => {
  it('boots production with real delivery and a strong first admin', () => {
    expect(problems(safe())).toEqual([]);
  });

  it('refuses console e-mail (no SMTP_URL), naming the variable', () => {
    expect(problems({ ...safe(), SMTP_URL: undefined })).toEqual([expect.stringMatching(/^SMTP_URL=unset: .*console/)]);
  });

  it('refuses SMS_PROVIDER=console, naming the variable', () => {
    expect(problems({ ...safe(), SMS_PROVIDER: 'console' })).toEqual([
      expect.stringMatching(/^SMS_PROVIDER="console": .*use twilio or webhook/),
    ]);
  });

  it('refuses a first-admin password that fails the register policy, saying which rules', () => {
    const cases: Array<[string, RegExp]> = [
      ['password', /too common.*uppercase letter.*digit.*special character/],
      ['12345678', /too common|entirely numeric/],
      ['alllowercase1!', /uppercase letter/],
      ['NoDigitsHere!', /digit/],
      ['NoSpecial123', /special character/],
      ['Admin@blockscore1', /too similar to the email address/],
    ];
    for (const [password, why] of cases) {
      const found = problems({ ...safe(), ADMIN_PASSWORD: password });
      expect({ password, found }).toEqual({
        password,
        found: [
          expect.stringMatching(new RegExp(`^ADMIN_PASSWORD=\\(hidden\\): fails the password policy: .*${why.source}`)),
        ],
      });
    }
  });

  it('lists every problem at once, one line each', () => {
    const found = problems({
      ...safe(),
      SMTP_URL: undefined,
      SMS_PROVIDER: 'console',
      ADMIN_PASSWORD: 'change-me-admin-password',
      JWT_REFRESH_SECRET: undefined,
    });
    expect(found).toEqual([
      expect.stringMatching(/^JWT_REFRESH_SECRET=unset/),
      expect.stringMatching(/^SMTP_URL=unset/),
      expect.stringMatching(/^SMS_PROVIDER="console"/),
      expect.stringMatching(/^ADMIN_PASSWORD=\(hidden\): is a placeholder from our examples/),
      expect.stringMatching(/^ADMIN_PASSWORD=\(hidden\): fails the password policy/),
    ]);
  });

  it('changes nothing outside production: development and tests keep console delivery and any admin password', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(
        problems({ NODE_ENV, SMS_PROVIDER: 'console', ADMIN_EMAIL: 'a@b.test', ADMIN_PASSWORD: 'password' }),
      ).toEqual([]);
    }
  });

  it('finds the ADMIN_PASSWORD values our examples show', () => {
    const values = adminPasswordsShown().map((s) => s.value);
    // The scanner must see the examples we know of, or the next test proves nothing.
    expect(values).toEqual(expect.arrayContaining(['change-me-admin-password', 'Admin-Strong-Pass-1']));
  });

  it('refuses in production every ADMIN_PASSWORD value shown in docker/, .env.example and README.md', () => {
    for (const { file, value } of adminPasswordsShown()) {
      expect({ file, value, listed: isExampleAdminPassword(value) }).toEqual({ file, value, listed: true });
      expect({ file, value, found: problems({ ...safe(), ADMIN_PASSWORD: value }) }).toEqual({
        file,
        value,
        found: expect.arrayContaining([expect.stringMatching(/^ADMIN_PASSWORD=\(hidden\): is a placeholder/)]),
      });
    }
  });

  it('refuses each listed placeholder, whatever its case or surrounding spaces, and change-me variants', () => {
    for (const value of [...EXAMPLE_ADMIN_PASSWORDS, ' ADMIN-STRONG-PASS-1 ', 'Change_Me-2024!x']) {
      expect({ value, refused: isExampleAdminPassword(value) }).toEqual({ value, refused: true });
    }
    expect(isExampleAdminPassword('Qz7!unrelated-Strong-1')).toBe(false);
  });
});
