/**
 * Module boundaries, checked by `npm run lint` (dependency-cruiser). A module is a folder directly under src/.
 *
 * 1. Layers, so that no two modules depend on each other (directly or around a loop): a module may import
 *    only the shared kernel and the modules listed BEFORE it in LAYERS. A new dependency that points up the
 *    list means moving a module down the list; when that breaks another import, the two modules form a cycle:
 *    move the part both need into a module of its own, lower in the list (as loan-record was for credit,
 *    reputation and loan), instead of registering callbacks at start-up.
 *    The shared kernel (config, common, database) may be imported by every module and imports no module. Its
 *    three folders may import one another (today config and common do, both ways: config/index.ts reads the
 *    version through common/project-root.ts; moving that file into config would end it).
 *
 * 2. Public surface: from another module import only its
 *      - `*.module.ts` (the Nest module), `*.service.ts` (its services), `*.errors.ts`, `*.types.ts`, `dto/**`,
 *      - `index.ts`: whatever else it means others to use (pure helpers, decorators, constants) is re-exported
 *        there, so the folder shows its public surface in one file,
 *      - `entities/**` as types only (`import type`): services return entities, only the owner queries them.
 *    Everything else (repositories, controllers, views, models, helpers) is private to its module. The shared
 *    kernel's files are all public.
 *
 * 3. The typed client (clients/typescript) is a package of its own, generated from openapi.json: it imports
 *    nothing from the app, so it builds and ships without it.
 *
 * The composition root (src/*.ts: main, server, app.module) wires the modules and is not checked; nor are
 * tests (test/**, *.spec.ts).
 */
const KERNEL = ['config', 'common', 'database'];

/** Domain modules, lowest first. */
const LAYERS = [
  'audit',
  'notifications',
  'health',
  'users',
  'blockchain',
  'loan-record',
  'credit',
  'partner-auth',
  'reputation',
  'auth',
  'loan',
  'profile',
  'openapi',
];

/**
 * Known violations, each one edge to remove, as { module, from: <file regex>, to: <file regex> }. None today (the
 * last one, config → auth's password policy, ended when the policy moved into the kernel, src/common).
 */
const KNOWN = [];

const any = (names) => `^src/(${names.join('|')})/`;
const PUBLIC = ['[.]module[.]ts$', '[.]service[.]ts$', '[.]errors[.]ts$', '[.]types[.]ts$', '/index[.]ts$', '/dto/'];
const NOT_TESTS = '[.]spec[.]ts$';

/** A module-level layer rule: what `from` may not import. Known violations are carved out edge by edge. */
function layerRule(name, from, forbidden) {
  const comment =
    `${from.join(', ')} may import only the kernel and modules listed before it in LAYERS (.dependency-cruiser.cjs): ` +
    'an import up the list would let two modules depend on each other.';
  const known = KNOWN.filter((k) => from.includes(k.module));
  return [
    {
      name,
      severity: 'error',
      comment,
      from: { path: any(from), pathNot: [NOT_TESTS, ...known.map((k) => k.from)] },
      to: { path: any(forbidden) },
    },
    ...known.map((k) => ({
      name,
      severity: 'error',
      comment,
      from: { path: k.from },
      to: { path: any(forbidden), pathNot: k.to },
    })),
  ];
}

module.exports = {
  forbidden: [
    ...layerRule('kernel-imports-module', KERNEL, LAYERS),
    ...LAYERS.slice(0, -1).flatMap((name, i) => layerRule(`layer-${name}`, [name], LAYERS.slice(i + 1))),
    {
      name: 'client-imports-app',
      severity: 'error',
      comment: 'clients/ talk to the service over HTTP only: what they need of it is in openapi.json, not src/.',
      from: { path: '^clients/' },
      to: { path: '^src/' },
    },
    {
      name: 'unlisted-module',
      severity: 'error',
      comment: 'Every folder under src/ is a module: list it in KERNEL or LAYERS (.dependency-cruiser.cjs).',
      from: {},
      to: { path: '^src/[^/]+/', pathNot: any([...KERNEL, ...LAYERS]) },
    },
    {
      name: 'private-file',
      severity: 'error',
      comment:
        "Import another module's public surface only: *.module.ts, *.service.ts, *.errors.ts, *.types.ts, dto/, " +
        'index.ts, and entities/ as types. Re-export what others need from its index.ts, or call its service.',
      from: { path: '^src/([^/]+)/', pathNot: NOT_TESTS },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', any(KERNEL), '/entities/', ...PUBLIC] },
    },
    {
      name: 'entity-value-import',
      severity: 'error',
      comment: "Another module's entities are types here (`import type`): read and write them through its service.",
      from: { path: '^src/([^/]+)/', pathNot: NOT_TESTS },
      to: { path: '^src/[^/]+/entities/', pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle of types is still two modules that cannot change apart.
    tsPreCompilationDeps: true,
  },
};
