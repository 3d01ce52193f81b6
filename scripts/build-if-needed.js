// `npm start` builds only when a source file is newer than the last build, so a fresh clone just works.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const marker = join(root, 'dist/src/main.js');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'migrations')),
  ...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'].map(
    (f) => statSync(join(root, f)).mtimeMs,
  ),
);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  process.stdout.write('Building (sources changed since the last build)…\n');
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
}
