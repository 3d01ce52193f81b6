import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../common/project-root.js';

/**
 * The data-access rule the lint boundary cannot see, because it lives in strings: SQL is written only in a
 * module's repositories (and the database kernel's migration tooling), and a repository names only tables whose
 * entity lives in its own module. The one exception is a benchmarked hot read, which answers in a single
 * statement what would otherwise take a round trip per owner; each is listed here by its prepared statement's
 * name, with the tables it may read.
 */
const HOT_READS_ACROSS_OWNERS: Record<string, { file: string; reads: string[] }> = {
  'session-check': { file: 'src/auth/sessions/sessions.repository.ts', reads: ['users'] },
  'user-profile': { file: 'src/users/users.repository.ts', reads: ['credit_scores'] },
  'loan-quote-inputs': { file: 'src/loan-record/loan-record.repository.ts', reads: ['credit_scores', 'wallets'] },
  'reputation-by-handle': {
    file: 'src/reputation/reputation-facts.repository.ts',
    reads: ['users', 'wallets', 'loans', 'loan_installments'],
  },
  'reputation-by-id': {
    file: 'src/reputation/reputation-facts.repository.ts',
    reads: ['users', 'wallets', 'loans', 'loan_installments'],
  },
};

/**
 * Files allowed to hold SQL without being a repository: the migration runner and generator, the schema comparison,
 * and the prepared-statement runner (which asks the server what it is).
 */
const KERNEL_SQL = [
  'src/database/migrator.ts',
  'src/database/migrate-cli.ts',
  'src/database/schema-drift.ts',
  'src/database/sql.ts',
];

const SQL = /\b(SELECT\s|INSERT\s+INTO|UPDATE\s+[a-z_"]+\s+SET|DELETE\s+FROM)/;
/** Tables named in SQL text, or by name in a QueryBuilder's from/join. */
const TABLE_REFS = [/\b(?:FROM|JOIN|INTO|UPDATE)\s+"?([a-z_]+)"?/g, /\.(?:from|\w*[jJ]oin\w*)\(\s*'([a-z_]+)'/g];

const src = join(projectRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(src).map((path) => ({ path: relative(projectRoot, path), text: readFileSync(path, 'utf8') }));
const moduleOf = (path: string) => path.split('/')[1];

/** Table name → the module whose entities/ declares it. */
const owners = new Map<string, string>();
for (const f of files.filter((f) => f.path.includes('/entities/'))) {
  for (const m of f.text.matchAll(/@Entity\(\s*'([a-z_]+)'/g)) owners.set(m[1], moduleOf(f.path));
}

describe('who may write SQL, and against which tables', () => {
  it('knows the owner of every table (the entity scan works)', () => {
    expect(owners.size).toBeGreaterThanOrEqual(23);
    expect(owners.get('users')).toBe('users');
  });

  it('finds SQL strings only in repositories and the database kernel', () => {
    const outside = files
      .filter((f) => SQL.test(f.text) || /\.query\(/.test(f.text))
      .map((f) => f.path)
      .filter((path) => !path.endsWith('.repository.ts') && !KERNEL_SQL.includes(path));
    expect(outside).toEqual([]);
  });

  it("lets a repository name only its own module's tables, hot reads listed above excepted", () => {
    const foreign: string[] = [];
    for (const f of files.filter((f) => f.path.endsWith('.repository.ts'))) {
      const allowed = new Set(
        Object.entries(HOT_READS_ACROSS_OWNERS)
          .filter(([name, hot]) => hot.file === f.path && f.text.includes(`'${name}'`))
          .flatMap(([, hot]) => hot.reads),
      );
      for (const m of TABLE_REFS.flatMap((re) => [...f.text.matchAll(re)])) {
        const owner = owners.get(m[1]);
        if (owner && owner !== moduleOf(f.path) && !allowed.has(m[1])) foreign.push(`${f.path}: ${m[1]} (${owner})`);
      }
    }
    expect([...new Set(foreign)]).toEqual([]);
  });

  it('lists only hot reads that exist, each with foreign tables its file reads', () => {
    const stale: string[] = [];
    for (const [name, hot] of Object.entries(HOT_READS_ACROSS_OWNERS)) {
      const file = files.find((f) => f.path === hot.file);
      if (!file?.text.includes(`'${name}'`)) {
        stale.push(`${name}: not in ${hot.file}`);
        continue;
      }
      const named = new Set(TABLE_REFS.flatMap((re) => [...file.text.matchAll(re)]).map((m) => m[1]));
      for (const table of hot.reads) {
        if (owners.get(table) === moduleOf(hot.file)) stale.push(`${name}: ${table} is its own module's`);
        else if (!named.has(table)) stale.push(`${name}: does not read ${table}`);
      }
    }
    expect(stale).toEqual([]);
  });
});
