// `npm start` builds only when a source file is newer than the last build, so a fresh clone just works.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Written after every build (here, and by `npm run build`'s postbuild with --stamp). Not dist/src/main.js: an
// incremental build leaves an output it would emit unchanged untouched, so main.js stays older than any edit
// elsewhere and every call rebuilt (12 s each, six times in a CI run).
const marker = join(root, 'dist/.build-stamp');
const stamp = () => writeFileSync(marker, `${new Date().toISOString()}\n`);

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
if (process.argv.includes('--stamp')) {
  stamp();
} else if (!existsSync(marker) || !existsSync(join(root, 'dist/src/main.js')) || statSync(marker).mtimeMs < sources) {
  process.stdout.write('Building (sources changed since the last build)…\n');
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
  stamp();
}
