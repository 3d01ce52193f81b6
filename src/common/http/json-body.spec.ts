import { jsonBodyProblem, MAX_JSON_DEPTH } from './json-body.js';

describe('jsonBodyProblem', () => {
  it('accepts ordinary objects, emoji and nesting up to the limit', () => {
    expect(jsonBodyProblem({ a: 'x', b: [1, { c: '😀 é' }], d: null })).toBeNull();
    expect(
      jsonBodyProblem(JSON.parse('{"a":'.repeat(MAX_JSON_DEPTH - 1) + '1' + '}'.repeat(MAX_JSON_DEPTH - 1))),
    ).toBeNull();
  });

  it('refuses anything but an object at the top', () => {
    for (const body of [null, [], 'text', 1, true]) expect(jsonBodyProblem(body)).toMatch(/JSON object/);
  });

  it('refuses nesting past the limit without recursing, however deep', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(jsonBodyProblem({ a: deep })).toMatch(/nested deeper/);
  });

  it('refuses keys that name Object.prototype members, wherever they are', () => {
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(jsonBodyProblem(JSON.parse(`{"ok":[{"${key}":1}]}`))).toContain(key);
    }
  });

  it('refuses NUL characters and lone surrogates in values and keys', () => {
    expect(jsonBodyProblem({ a: 'x\u0000y' })).toMatch(/NUL/);
    expect(jsonBodyProblem(JSON.parse('{"a":"\\ud800x"}'))).toMatch(/Unicode/);
    expect(jsonBodyProblem(JSON.parse('{"a":["\\udc00"]}'))).toMatch(/Unicode/);
    expect(jsonBodyProblem(JSON.parse('{"\\ud800":1}'))).toMatch(/Field names/);
  });
});
