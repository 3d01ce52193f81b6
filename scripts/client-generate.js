// The typed client's schema (clients/typescript/src/schema.ts) is generated from the committed openapi.json by
// openapi-typescript, exactly as its CLI would write it. `--check` writes nothing: it regenerates in memory and
// fails when the committed file differs (CI runs it, so an API change without a regenerated client fails), and when
// an example the client's README shows differs from the file in examples/ that the strict compile checks.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const root = new URL('..', import.meta.url).pathname;
const spec = join(root, 'openapi.json');
const clientDir = join(root, 'clients/typescript');
const target = join(clientDir, 'src/schema.ts');
const check = process.argv.includes('--check');

// defaultNonNullable off: a request field with a server-side default (signup's `method`) stays optional to send;
// openapi-typescript's default would make every such field required in request bodies too.
const ast = await openapiTS(new URL(`file://${spec}`), { silent: true, defaultNonNullable: false });
const generated = `${COMMENT_HEADER}${astToString(ast)}`;

if (!check) {
  writeFileSync(target, generated);
  console.log(`clients/typescript/src/schema.ts written from openapi.json`);
  process.exit(0);
}

const problems = [];
let committed = '';
try {
  committed = readFileSync(target, 'utf8');
} catch {
  committed = '';
}
if (committed !== generated) {
  const a = committed.split('\n');
  const b = generated.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  problems.push(
    `clients/typescript/src/schema.ts is not what openapi.json generates (first difference at line ${line + 1}:\n` +
      `  committed: ${a[line] ?? '(end of file)'}\n  generated: ${b[line] ?? '(end of file)'})`,
  );
}

// Each ```ts block in the README that starts with `// examples/<file>.ts` must be that file, word for word.
const readme = readFileSync(join(clientDir, 'README.md'), 'utf8');
for (const [, name, body] of readme.matchAll(/```ts\n\/\/ (examples\/[\w.-]+\.ts)\n([\s\S]*?)```/g)) {
  let file = '';
  try {
    file = readFileSync(join(clientDir, name), 'utf8');
  } catch {
    problems.push(`clients/typescript/README.md shows ${name}, which does not exist`);
    continue;
  }
  if (file !== body)
    problems.push(`clients/typescript/README.md shows ${name} differently from the file: copy it over`);
}

if (problems.length) {
  for (const p of problems) console.error(`client:check: ${p}`);
  if (committed !== generated)
    console.error('client:check: run `npm run client:generate` (and commit the result) after changing openapi.json.');
  process.exit(1);
}
console.log('client:check: clients/typescript/src/schema.ts matches openapi.json');
