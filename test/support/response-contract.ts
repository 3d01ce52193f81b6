import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The response-validation net: every answer `app.request()` gets for a documented operation (method + path of
 * the committed openapi.json) must have a status that operation documents, and a JSON body that validates (ajv)
 * against the schema documented for that status. A mismatch throws, so the test that sent the request fails
 * with the operation, the status and ajv's errors.
 */

interface RawOperation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Route {
  method: string;
  /** The OpenAPI path, e.g. `/api/loans/{id}`. */
  path: string;
  pattern: RegExp;
  /** Literal segments, to prefer `/api/loans/calculate` over `/api/loans/{id}`. */
  literals: number;
  operation: RawOperation;
}

type AjvClass = typeof AjvModule.default;
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;

const DOC_ID = 'openapi.json';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

let state: { routes: Route[]; ajv: InstanceType<AjvClass>; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (state) return state;
  const doc = JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, RawOperation>>;
  };
  // OpenAPI 3.0 schemas: `nullable` is ajv's own keyword; `example` and the document's other keys are not schema
  // keywords, so strict mode is off. Formats are checked as the server writes them.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO_INSTANT.test(s) && !isNaN(Date.parse(s)) });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addSchema(doc, DOC_ID);
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const bare = path.replace(/\/$/, '');
    const pattern = new RegExp(
      `^${bare
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}/?$`,
    );
    const literals = bare.split('/').filter((s) => s && !s.startsWith('{')).length;
    for (const [method, operation] of Object.entries(item)) {
      routes.push({ method: method.toUpperCase(), path, pattern, literals, operation });
    }
  }
  routes.sort((a, b) => b.literals - a.literals);
  state = { routes, ajv, validators: new Map() };
  return state;
}

/** The documented operation a request reaches, if any (the router ignores a trailing slash, so does this). */
export function documentedOperation(method: string, url: string): Route | undefined {
  const path = new URL(url, 'http://x').pathname;
  return load().routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function validatorFor(route: Route, status: string): ValidateFunction | null {
  const { ajv, validators } = load();
  const key = `${route.method} ${route.path} ${status}`;
  if (validators.has(key)) return validators.get(key)!;
  const media = route.operation.responses[status]?.content?.['application/json'];
  if (!media?.schema) return null;
  const pointer = ['paths', route.path, route.method.toLowerCase(), 'responses', status, 'content', 'application/json']
    .map(escapePointer)
    .join('/');
  const validate = ajv.compile({ $ref: `${DOC_ID}#/${pointer}/schema` });
  validators.set(key, validate);
  return validate;
}

/** Statuses each documented operation answered with in this test file, `METHOD /path` → statuses. */
export const answeredStatuses = new Map<string, Set<number>>();

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');

/** Throws when the answer breaks the documented contract; records the status otherwise (unless `record` is false). */
export function checkResponse(
  method: string,
  url: string,
  response: { status: number; headers: Headers; body: unknown; text: string },
  { record = true } = {},
): void {
  if (method.toUpperCase() === 'HEAD' || method.toUpperCase() === 'OPTIONS') return;
  const route = documentedOperation(method, url);
  if (!route) return;
  const op = `${route.method} ${route.path} (${route.operation.operationId})`;
  const status = String(response.status);
  if (!route.operation.responses[status]) {
    throw new Error(
      `OpenAPI contract: ${op} answered ${status}, which it does not document ` +
        `(documented: ${Object.keys(route.operation.responses).join(', ')}). Body: ${response.text.slice(0, 300)}`,
    );
  }
  const key = `${route.method} ${route.path}`;
  if (record) answeredStatuses.set(key, (answeredStatuses.get(key) ?? new Set()).add(response.status));
  const validate = validatorFor(route, status);
  if (!validate) return;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new Error(`OpenAPI contract: ${op} answered ${status} as "${type}", documented as application/json.`);
  }
  if (!validate(response.body)) {
    throw new Error(
      `OpenAPI contract: ${op} answered ${status} with a body its schema refuses:\n` +
        `${describeErrors(validate.errors)}\nBody: ${response.text.slice(0, 500)}`,
    );
  }
}
