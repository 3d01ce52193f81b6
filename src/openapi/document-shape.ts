import type { OpenAPIObject } from '@nestjs/swagger';

/** Every tag a controller uses, described (a tag missing here fails the build of the document). */
export const TAGS: Record<string, string> = {
  'BlockScore auth': 'Seed 000: register, password login, logout and token refresh under `/api/auth`.',
  BlockAuth:
    'Seed 003 under `/api/v1/auth/`: sign-up and verification by OTP or link, password, passwordless and wallet ' +
    'login, token refresh, password change and reset. Paths are documented with the trailing slash the seed uses; ' +
    'the server answers the same without it.',
  Profile: "The caller's profile and linked wallets.",
  Credit: 'Credit scores (platform and on-chain signals), their explanations and the credit history.',
  Loans: "Loan calculator, applications and the caller's loans.",
  Admin: 'Staff operations (roles `admin`, `underwriter`): users, loans, partner clients and the audit log.',
  'Credo360 partner': 'Seed 004 under `/api/partner`: partner challenges for a Credo ID and data about its user.',
  Reputation: "The caller's Credo360 reputation and endorsements.",
  Health: 'Health, liveness and readiness probes (Prometheus metrics are on their own listener, METRICS_PORT).',
};

/** BlockAuth's seed lists every path with a trailing slash; clients built from the document call that form. */
const TRAILING_SLASH_PREFIX = '/api/v1/auth/';

type PathItem = Record<string, { parameters?: Array<{ in: string; name: string; description?: string }> }>;

/** `/api/v1/auth/me` → `/api/v1/auth/me/`: the seed's form (the router ignores the trailing slash either way). */
export function withSeedTrailingSlashes(document: OpenAPIObject): void {
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    paths[path.startsWith(TRAILING_SLASH_PREFIX) && !path.endsWith('/') ? `${path}/` : path] = item;
  }
  document.paths = paths as OpenAPIObject['paths'];
}

/**
 * Paths that differ only in a parameter's name are one path to a router and to OpenAPI (seed 004 names
 * `/auth/:handleId` for GET and POST and `/auth/:challengeId` for PATCH). Such paths merge under one neutral
 * name; each operation's parameter keeps its meaning in its description.
 */
export function mergeEquivalentPaths(document: OpenAPIObject): void {
  const template = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
  const groups = new Map<string, string[]>();
  for (const path of Object.keys(document.paths)) {
    groups.set(template(path), [...(groups.get(template(path)) ?? []), path]);
  }
  for (const [, paths] of groups) {
    if (paths.length < 2) continue;
    const merged: PathItem = {};
    let target = '';
    for (const path of paths) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      target = path;
      for (const [method, op] of Object.entries(document.paths[path] as unknown as PathItem)) {
        for (const p of op.parameters ?? []) {
          const at = names.indexOf(p.name);
          if (p.in !== 'path' || at < 0) continue;
          p.description = p.description ?? `The seed's \`:${p.name}\``;
          p.name = at === 0 ? 'id' : `id${at + 1}`;
        }
        merged[method] = op;
      }
      delete document.paths[path];
    }
    let at = 0;
    const path = target.replace(/\{[^}]+\}/g, () => (at++ === 0 ? '{id}' : `{id${at}}`));
    document.paths[path] = merged;
  }
}

interface DescribedOperation {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
}

const ACCESS: Record<string, string> = {
  none: 'Public: no credentials.',
  bearer: 'Needs a bearer access token.',
  client: 'Needs a partner client id (`Authorization: client <clientId>`).',
};

/** Every operation says who may call it; one with no description of its own gets its summary and that line. */
export function describeOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item as Record<string, DescribedOperation>)) {
      if (typeof op !== 'object' || !op || !('responses' in op)) continue;
      const scheme = op.security?.flatMap((s) => Object.keys(s))[0] ?? 'none';
      const access = ACCESS[scheme];
      op.description = op.description ? `${op.description}\n\n${access}` : `${op.summary ?? ''}\n\n${access}`.trim();
    }
  }
}

/** Tags in the order controllers first use them, each with its description. */
export function declareTags(document: OpenAPIObject): void {
  const used: string[] = [];
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item as Record<string, { tags?: string[] }>)) {
      for (const tag of op.tags ?? []) if (!used.includes(tag)) used.push(tag);
    }
  }
  document.tags = used.map((name) => {
    const description = TAGS[name];
    if (!description) throw new Error(`OpenAPI tag "${name}" has no description in src/openapi/document-shape.ts`);
    return { name, description };
  });
}
