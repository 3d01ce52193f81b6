import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The subset of OpenAPI 3 schema objects that `openapi.json` uses. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. `/api/loans/{id}`. */
  path: string;
  operationId: string;
  security: 'none' | 'bearer' | 'client';
  parameters: Parameter[];
  /** The JSON request body's schema, when the operation takes one. */
  body?: { schema: Schema; required: boolean };
  /** Documented responses: status → JSON schema (undefined for a non-JSON or empty response). */
  responses: Map<number, Schema | undefined>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

interface RawOperation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export function loadOpenApi(file = join(process.cwd(), 'openapi.json')): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Every operation of the document, in document order. */
export function operations(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const scheme = op.security?.flatMap((s) => Object.keys(s))[0];
      const json = op.requestBody?.content['application/json'];
      const responses = new Map<number, Schema | undefined>();
      for (const [status, res] of Object.entries(op.responses)) {
        responses.set(Number(status), res.content?.['application/json']?.schema);
      }
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        security: scheme === 'bearer' ? 'bearer' : scheme === 'client' ? 'client' : 'none',
        parameters: op.parameters ?? [],
        body: json ? { schema: json.schema, required: op.requestBody?.required ?? false } : undefined,
        responses,
      });
    }
  }
  return out;
}

export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let hops = 0; s.$ref; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${s.$ref}`);
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

/**
 * Checks a JSON value against a schema and returns every mismatch as `path: problem` (empty when it
 * conforms). With `strict`, properties the schema does not declare are mismatches too (unless it allows
 * `additionalProperties`), so an undocumented field in a response shows up.
 */
export function validateAgainst(
  doc: OpenApiDocument,
  schema: Schema,
  value: unknown,
  options: { strict?: boolean } = {},
  at = '$',
): string[] {
  const s = resolve(doc, schema);
  const errors: string[] = [];
  if (value === null) {
    if (s.nullable || (s.enum && s.enum.includes(null))) return errors;
    if (!s.type && !s.allOf && !s.properties) return errors;
    return [`${at}: null is not allowed`];
  }
  for (const part of s.allOf ?? []) errors.push(...validateAgainst(doc, part, value, options, at));
  if (s.enum && !s.enum.some((e) => e === value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') return [...errors, `${at}: expected string, got ${typeof value}`];
      if (s.minLength !== undefined && value.length < s.minLength) errors.push(`${at}: shorter than ${s.minLength}`);
      if (s.maxLength !== undefined && value.length > s.maxLength) errors.push(`${at}: longer than ${s.maxLength}`);
      if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${at}: does not match ${s.pattern}`);
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
      break;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return [...errors, `${at}: expected ${s.type}, got ${typeof value}`];
      }
      if (s.type === 'integer' && !Number.isInteger(value)) errors.push(`${at}: ${value} is not an integer`);
      if (s.minimum !== undefined && value < s.minimum) errors.push(`${at}: ${value} < ${s.minimum}`);
      if (s.maximum !== undefined && value > s.maximum) errors.push(`${at}: ${value} > ${s.maximum}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${at}: expected boolean, got ${typeof value}`);
      break;
    case 'array':
      if (!Array.isArray(value)) return [...errors, `${at}: expected array, got ${typeof value}`];
      if (s.items) value.forEach((v, i) => errors.push(...validateAgainst(doc, s.items!, v, options, `${at}[${i}]`)));
      break;
    case 'object':
    case undefined:
      if (s.type === undefined && !s.properties) break;
      if (typeof value !== 'object' || Array.isArray(value)) {
        return [...errors, `${at}: expected object, got ${Array.isArray(value) ? 'array' : typeof value}`];
      }
      errors.push(...validateObject(doc, s, value as Record<string, unknown>, options, at));
      break;
  }
  return errors;
}

function validateObject(
  doc: OpenApiDocument,
  s: Schema,
  value: Record<string, unknown>,
  options: { strict?: boolean },
  at: string,
): string[] {
  const errors: string[] = [];
  const props = s.properties ?? {};
  for (const name of s.required ?? []) {
    if (!(name in value) || value[name] === undefined) errors.push(`${at}.${name}: required but missing`);
  }
  for (const [name, v] of Object.entries(value)) {
    if (props[name]) errors.push(...validateAgainst(doc, props[name], v, options, `${at}.${name}`));
    else if (typeof s.additionalProperties === 'object') {
      errors.push(...validateAgainst(doc, s.additionalProperties, v, options, `${at}.${name}`));
    } else if (s.additionalProperties === false || (options.strict && s.additionalProperties !== true)) {
      if (s.properties) errors.push(`${at}.${name}: not documented`);
    }
  }
  return errors;
}

/** A value the schema accepts, built from its examples, enums, defaults and bounds. */
export function sampleOf(doc: OpenApiDocument, schema: Schema, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  if (s.allOf?.length) return sampleOf(doc, s.allOf[0], depth);
  switch (s.type) {
    case 'string':
      return s.format === 'email' ? 'someone@example.com' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return s.items && depth < 4 ? [sampleOf(doc, s.items, depth + 1)] : [];
    default: {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const name of s.required ?? []) {
        const prop = s.properties?.[name];
        if (prop) out[name] = sampleOf(doc, prop, depth + 1);
      }
      return out;
    }
  }
}
