import fc from 'fast-check';
import { resolve, sampleOf, type OpenApiDocument, type Operation } from './openapi-schema.js';

/** The server's body limit; a generated body above it must be answered 413. */
export const BODY_LIMIT = 100 * 1024;

/** One generated request: what goes on the wire, and what the answer must be when the input decides it. */
export interface HostileCase {
  /** Short description of the mutation, printed with a counterexample. */
  label: string;
  method: string;
  /** Request line path and query, percent-encoded. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Statuses the input alone forces (e.g. [415] for a form body); undefined when any 4xx is fine. */
  expect?: number[];
}

/** Where valid values for an operation come from: the fixture's real ids, tokens and client ids. */
export interface CaseContext {
  doc: OpenApiDocument;
  op: Operation;
  /** The operation's path with every path parameter filled with a real, valid value. */
  pathParams: Record<string, string>;
  /** Valid credentials for the operation (Authorization), or none for public routes. */
  auth: Record<string, string>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// ---------------------------------------------------------------------------------------------------------
// Hostile values

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 16,
});

const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\uffff',
  '\u202e\u0301',
  '\u00ad\u200b',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x10',
  '00000000-0000-0000-0000-000000000000',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '%00',
  '\r\nX-Injected: 1',
  'ＡＢＣ１２３',
  '😀'.repeat(50),
);

/** Strings beyond every documented maxLength but well inside the body limit. */
const longStrings = fc.integer({ min: 129, max: 40_000 }).map((n) => 'x'.repeat(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyStrings },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: controlChars },
  { weight: 1, arbitrary: longStrings },
);

/**
 * Values nested `depth` levels deep (`{"a":{"a":…}}`, `[[…]]`). JSON.stringify would recurse that deep, so
 * they travel as a placeholder string that jsonBody swaps for the nested text.
 */
const DEEP = /"\\u0001deep-(object|array)-(\d+)\\u0001"/g;
export const nested = (kind: 'object' | 'array', depth: number) => `\u0001deep-${kind}-${depth}\u0001`;

function nestedText(kind: string, depth: number): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** An object whose own enumerable key is `key` even for `__proto__`, so JSON.stringify writes it. */
export function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      -0.0001,
      2 ** 53 + 2,
      1e300,
      -1e300,
      [],
      {},
      [null],
      { $gt: '' },
      { $ne: null },
    ),
  },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer(), hostileString), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((n) => new Array<number>(n).fill(7)) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 5_000 }).map((n) => nested('object', n)) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 5_000 }).map((n) => nested('array', n)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('__proto__', 'constructor', 'prototype')
      .map((k) => withKey({}, k, k === 'constructor' ? { prototype: { polluted: true } } : { polluted: true })),
  },
  { weight: 1, arbitrary: fc.constant('A'.repeat(200 * 1024)) },
);

/** Keys a client should never be able to set, and keys that poison prototypes. */
export const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'role',
    'status',
    'is_verified',
    'kyc_status',
    'credit_score',
    'approval_probability',
    'user_id',
    'id',
    'created_at',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

// ---------------------------------------------------------------------------------------------------------
// Requests

function buildPath(ctx: CaseContext, params: Record<string, string>, query = ''): string {
  const path = ctx.op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? 'missing');
  return query ? `${path}?${query}` : path;
}

function jsonBody(value: unknown): Buffer {
  const text = (JSON.stringify(value) ?? 'null').replace(DEEP, (_, kind: string, depth: string) =>
    nestedText(kind, Number(depth)),
  );
  return Buffer.from(text, 'utf8');
}

/** Statuses a body of this size forces: 413 past the limit. */
function sizeExpectation(body: Buffer | undefined): number[] | undefined {
  return body && body.length > BODY_LIMIT ? [413] : undefined;
}

function baseBody(ctx: CaseContext): Record<string, unknown> {
  const sample = ctx.op.body ? sampleOf(ctx.doc, ctx.op.body.schema) : {};
  return sample && typeof sample === 'object' && !Array.isArray(sample) ? { ...sample } : {};
}

function jsonCase(ctx: CaseContext, label: string, body: Buffer, expect?: number[]): HostileCase {
  return {
    label,
    method: ctx.op.method,
    path: buildPath(ctx, ctx.pathParams),
    headers: { ...ctx.auth, 'content-type': 'application/json' },
    body,
    expect: sizeExpectation(body) ?? expect,
  };
}

/** Body mutations for an operation with a JSON body. */
function bodyCases(ctx: CaseContext): fc.Arbitrary<HostileCase>[] {
  const schema = ctx.op.body ? resolve(ctx.doc, ctx.op.body.schema) : undefined;
  const props = Object.keys(schema?.properties ?? {});
  const required = schema?.required ?? [];
  const takesBody = ctx.op.body !== undefined;
  const out: fc.Arbitrary<HostileCase>[] = [];

  // A documented or hostile field set to a hostile value.
  const field = props.length ? fc.oneof(fc.constantFrom(...props), hostileKey) : hostileKey;
  out.push(
    fc.tuple(field, hostileValue).map(([key, value]) => {
      const body = withKey(baseBody(ctx), key, value);
      const known = props.includes(key);
      return jsonCase(
        ctx,
        `body field ${JSON.stringify(key)} = hostile value`,
        jsonBody(body),
        known ? undefined : takesBody ? [400] : undefined,
      );
    }),
  );
  // Several fields at once, each of a wrong or hostile type.
  if (props.length) {
    out.push(
      fc
        .dictionary(fc.constantFrom(...props), hostileValue, { minKeys: 1, maxKeys: Math.min(4, props.length) })
        .map((fields) =>
          jsonCase(
            ctx,
            `body fields ${Object.keys(fields).join(',')} = hostile values`,
            jsonBody({ ...baseBody(ctx), ...fields }),
          ),
        ),
    );
  }
  // A required field left out.
  if (required.length) {
    out.push(
      fc.constantFrom(...required).map((name) => {
        const body = baseBody(ctx);
        delete body[name];
        return jsonCase(ctx, `body without required ${name}`, jsonBody(body), [400]);
      }),
    );
  }
  // The whole body of the wrong JSON type.
  out.push(
    fc
      .constantFrom<unknown>([], [{}], 'text', 0, true, null, [baseBody(ctx)])
      .map((value) =>
        jsonCase(ctx, `body is ${JSON.stringify(value)}`, jsonBody(value), takesBody ? [400] : undefined),
      ),
  );
  // Bytes that are not (valid) JSON, or JSON built to exhaust the parser.
  const first = props[0] ?? 'a';
  out.push(
    fc
      .oneof<fc.Arbitrary<{ label: string; bytes: Buffer; refused: boolean }>[]>(
        fc
          .constantFrom(
            '{',
            '{"a":',
            '[1,]',
            "{'a':1}",
            'undefined',
            'NaN',
            '{"a":1}{"b":2}',
            '{"a":1e999}',
            '{"a":"\u0000"}',
            '{"__proto__":{"polluted":true}}',
            '{"constructor":{"prototype":{"polluted":true}}}',
          )
          .map((text) => ({
            label: `raw body ${JSON.stringify(text)}`,
            bytes: Buffer.from(text, 'utf8'),
            refused: true,
          })),
        fc.constantFrom(0xff, 0xfe, 0xc0, 0xed, 0x80).map((b) => ({
          label: `body with invalid UTF-8 byte 0x${b.toString(16)}`,
          bytes: Buffer.concat([Buffer.from(`{"${first}":"ab`), Buffer.from([b, 0xa0, 0x80]), Buffer.from('"}')]),
          refused: false,
        })),
        fc.constant({
          label: 'body with a lone surrogate escape',
          bytes: Buffer.from(`{"${first}":"\\ud800x"}`),
          refused: false,
        }),
        fc.integer({ min: 0, max: 8 }).map((at) => {
          const text = JSON.stringify(baseBody(ctx));
          const i = Math.min(at, text.length);
          return {
            label: `body with a NUL byte at ${i}`,
            bytes: Buffer.concat([Buffer.from(text.slice(0, i)), Buffer.from([0]), Buffer.from(text.slice(i))]),
            refused: true,
          };
        }),
        fc.integer({ min: 1_000, max: 20_000 }).map((n) => ({
          label: `array nested ${n} deep`,
          bytes: Buffer.from(nestedText('array', n)),
          refused: true,
        })),
        fc.integer({ min: 1_000, max: 15_000 }).map((n) => ({
          label: `object nested ${n} deep`,
          bytes: Buffer.from(nestedText('object', n)),
          refused: true,
        })),
        fc.integer({ min: 10_000, max: 45_000 }).map((n) => ({
          label: `array of ${n} numbers`,
          bytes: Buffer.from(`[${new Array<string>(n).fill('0').join(',')}]`),
          refused: true,
        })),
        fc.integer({ min: 1, max: 4 }).map((k) => ({
          label: `${k * 100} KB body`,
          bytes: Buffer.from(JSON.stringify({ [first]: 'A'.repeat(k * 100 * 1024) })),
          refused: true,
        })),
      )
      .map(({ label, bytes, refused }) => jsonCase(ctx, label, bytes, takesBody && refused ? [400] : undefined)),
  );
  return out;
}

const WRONG_TYPES: Array<[string, (json: Record<string, unknown>) => Buffer]> = [
  ['text/plain', (j) => Buffer.from(JSON.stringify(j))],
  ['text/plain; charset=utf-8', (j) => Buffer.from(JSON.stringify(j))],
  ['application/x-www-form-urlencoded', (j) => Buffer.from(new URLSearchParams(flat(j)).toString() || 'a=1')],
  ['multipart/form-data; boundary=XyZ', (j) => multipart(flat(j))],
  ['application/xml', () => Buffer.from('<?xml version="1.0"?><a>1</a>')],
  ['text/html', () => Buffer.from('<p>hi</p>')],
  ['application/octet-stream', () => Buffer.from([0, 1, 2, 3, 255])],
  ['application/jsonp', (j) => Buffer.from(JSON.stringify(j))],
  ['text/json', (j) => Buffer.from(JSON.stringify(j))],
  ['application/x-json', (j) => Buffer.from(JSON.stringify(j))],
  ['image/png', () => Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['garbage', (j) => Buffer.from(JSON.stringify(j))],
  ['', (j) => Buffer.from(JSON.stringify(j))],
];

function flat(j: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(j)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  if (!Object.keys(out).length) out.a = '1';
  return out;
}

function multipart(fields: Record<string, string>): Buffer {
  const parts = Object.entries(fields).map(
    ([k, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return Buffer.from(`${parts.join('')}--XyZ--\r\n`);
}

/** A non-empty body that is not JSON: 415 on every method that carries a body. */
function contentTypeCases(ctx: CaseContext): fc.Arbitrary<HostileCase>[] {
  return [
    fc.constantFrom(...WRONG_TYPES).map(([type, encode]) => {
      const body = encode(baseBody(ctx));
      return {
        label: `Content-Type ${JSON.stringify(type)} with a body`,
        method: ctx.op.method,
        path: buildPath(ctx, ctx.pathParams),
        headers: { ...ctx.auth, 'content-type': type },
        body,
        expect: BODY_METHODS.has(ctx.op.method) ? [415] : undefined,
      };
    }),
  ];
}

function encodeQueryValue(v: string): string {
  return encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));
}

/** Query strings: hostile values, repeated and bracketed parameters, unknown ones, broken escapes. */
function queryCases(ctx: CaseContext): fc.Arbitrary<HostileCase>[] {
  const names = ctx.op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const name = names.length
    ? fc.oneof(fc.constantFrom(...names), fc.constantFrom('__proto__', 'x', 'page[]'))
    : fc.constantFrom('__proto__', 'constructor', 'x', 'a[b]');
  const value = fc.oneof(
    hostileString.map((s) => encodeQueryValue(s.slice(0, 2_000))),
    fc.constantFrom(
      '%ZZ',
      '%',
      '%00',
      '%C0%AF',
      '%FF%FE',
      '1000000',
      '1000000000000',
      '-1',
      '0',
      '1.5',
      '1e3',
      '%201',
      '0x1',
    ),
  );
  const part = fc.oneof(
    fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
    fc.tuple(name, value, value).map(([n, a, b]) => `${n}=${a}&${n}=${b}`),
    fc.tuple(name, value).map(([n, v]) => `${n}[]=${v}`),
    fc.tuple(name, value).map(([n, v]) => `${n}[a][b]=${v}`),
    name.map((n) => n),
    value.map((v) => `=${v}`),
  );
  return [
    fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => {
      const query = parts.join('&');
      return {
        label: `query ?${query.slice(0, 120)}`,
        method: ctx.op.method,
        path: buildPath(ctx, ctx.pathParams, query),
        headers: { ...ctx.auth },
      };
    }),
  ];
}

/** Path parameters: hostile values, encoded; Fastify's 200-character limit and broken escapes included. */
function pathCases(ctx: CaseContext): fc.Arbitrary<HostileCase>[] {
  const names = ctx.op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  if (!names.length) return [];
  const value = fc.oneof(
    hostileString.filter((s) => s.length > 0).map((s) => encodeQueryValue(s.slice(0, 300))),
    fc.constantFrom(
      '%ZZ',
      '%',
      '%00',
      '%C0%AF',
      '%FF',
      '..',
      '%2e%2e',
      '..%2F..%2Fadmin',
      'a%2Fb',
      '0',
      '-1',
      'la_',
      'cs_',
    ),
    fc.integer({ min: 190, max: 600 }).map((n) => 'a'.repeat(n)),
  );
  return [
    fc.tuple(fc.constantFrom(...names), value).map(([n, v]) => ({
      label: `path ${n}=${v.slice(0, 80)}`,
      method: ctx.op.method,
      path: buildPath(ctx, { ...ctx.pathParams, [n]: v }),
      headers: { ...ctx.auth },
    })),
  ];
}

/** Printable header values: Node refuses control characters on the wire, so those are escaped away. */
const headerValue = hostileString.map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 4_000));

/** Headers: request ids, idempotency keys, Accept, documented header parameters, repeated headers. */
function headerCases(ctx: CaseContext): fc.Arbitrary<HostileCase>[] {
  const documented = ctx.op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
  const names = fc.constantFrom(
    'x-request-id',
    'accept',
    'accept-language',
    'x-forwarded-for',
    'origin',
    'x-custom',
    ...documented,
  );
  const body = ctx.op.body ? jsonBody(baseBody(ctx)) : undefined;
  return [
    fc
      .array(fc.tuple(names, fc.oneof(headerValue, fc.array(headerValue, { minLength: 2, maxLength: 3 }))), {
        minLength: 1,
        maxLength: 3,
      })
      .map((pairs) => {
        const headers: Record<string, string | string[]> = { ...ctx.auth };
        if (body) headers['content-type'] = 'application/json';
        for (const [n, v] of pairs) headers[n] = v;
        return {
          label: `headers ${pairs.map(([n, v]) => `${n}: ${JSON.stringify(v).slice(0, 60)}`).join('; ')}`,
          method: ctx.op.method,
          path: buildPath(ctx, ctx.pathParams),
          headers,
          body,
        };
      }),
  ];
}

/** Every kind of hostile request that applies to an operation, weighted so bodies get most attention. */
export function hostileCases(ctx: CaseContext): fc.Arbitrary<HostileCase> {
  const arbs = [
    ...(ctx.op.body || BODY_METHODS.has(ctx.op.method) ? bodyCases(ctx) : []),
    ...contentTypeCases(ctx),
    ...queryCases(ctx),
    ...pathCases(ctx),
    ...headerCases(ctx),
  ];
  return fc.oneof(...arbs).map((c) =>
    Object.assign(c, {
      [fc.toStringMethod]: () =>
        `${c.label}\n    ${c.method} ${c.path.slice(0, 300)}\n    headers ${JSON.stringify(redact(c.headers)).slice(0, 300)}` +
        (c.body
          ? `\n    body (${c.body.length} bytes) ${JSON.stringify(c.body.subarray(0, 200).toString('latin1'))}`
          : ''),
    }),
  );
}

function redact(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = { ...headers };
  if (typeof out.authorization === 'string') out.authorization = out.authorization.replace(/ .*/, ' …');
  return out;
}
