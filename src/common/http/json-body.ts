import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commonError, ErrorKind } from '../errors/index.js';

/** Far deeper than any body the API takes; deeper ones would exhaust class-transformer's recursion. */
export const MAX_JSON_DEPTH = 32;

/**
 * What a parsed body must not be or hold, whatever the route: anything but an object at the top, nesting past MAX_JSON_DEPTH, keys that name
 * Object.prototype members (`__proto__`, `constructor`, `toString`, `hasOwnProperty`…) or `prototype`,
 * strings with a NUL (PostgreSQL text cannot store one) or a lone UTF-16 surrogate (`"\ud800"`: not
 * Unicode, and it makes validator.js throw). Walks iteratively, so no input can overflow the stack here.
 */
export function jsonBodyProblem(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a JSON object.';
  const stack: Array<[unknown, number]> = [[body, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (!isCleanString(value)) return 'Strings must be valid Unicode without NUL characters.';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key in Object.prototype || key === 'prototype') return `"${key}" is not an accepted field name.`;
      if (!isCleanString(key)) return 'Field names must be valid Unicode without NUL characters.';
      stack.push([item, depth + 1]);
    }
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isCleanString(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

const unsupportedMediaType = () =>
  commonError(
    ErrorKind.UnsupportedMediaType,
    'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    'Unsupported Content-Type; send application/json.',
  );

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The API speaks JSON only. Replaces every body parser with two: `application/json` (JSON.parse, then
 * jsonBodyProblem; an empty body is no body) and a catch-all that answers 415 to any other
 * body while letting a bodiless request through whatever Content-Type it names.
 */
export function registerJsonOnlyBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
    const text = raw as string;
    if (text.length === 0) return done(null, undefined);
    let body: unknown;
    try {
      // Plain JSON.parse keeps `__proto__` as an ordinary own key (it never sets a prototype), and
      // jsonBodyProblem refuses it with the other Object.prototype names.
      body = JSON.parse(text);
    } catch {
      return done(
        commonError(ErrorKind.BadRequest, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON.', {
          beforeWork: true,
        }),
        undefined,
      );
    }
    const problem = jsonBodyProblem(body);
    if (problem) {
      return done(
        commonError(ErrorKind.BadRequest, 'REQUEST.INVALID_JSON_BODY', problem, { beforeWork: true }),
        undefined,
      );
    }
    done(null, body);
  });
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (hasBody(request)) return done(unsupportedMediaType(), undefined);
    done(null, undefined);
  });
}
