import { clientIdHint, hashClientId, newClientId, parseAuthorization } from './client-id.js';

describe('partner client ids', () => {
  it('are 32 random bytes behind a recognisable prefix, never repeated', () => {
    const ids = new Set(Array.from({ length: 1000 }, newClientId));
    expect(ids.size).toBe(1000);
    for (const id of [...ids].slice(0, 10)) {
      expect(id).toMatch(/^credo_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(id.slice(6), 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as a SHA-256 and shown to admins only by their first characters', () => {
    const id = newClientId();
    expect(hashClientId(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashClientId(id)).not.toContain(id.slice(6, 20));
    expect(clientIdHint(id)).toBe(`${id.slice(0, 10)}…`);
  });

  it('parses "Authorization: client <clientId>" and tells missing from malformed', () => {
    const id = newClientId();
    expect(parseAuthorization(`client ${id}`)).toEqual({ kind: 'client', clientId: id });
    expect(parseAuthorization(`Client  ${id} `)).toEqual({ kind: 'client', clientId: id });
    expect(parseAuthorization(undefined)).toEqual({ kind: 'missing' });
    expect(parseAuthorization('')).toEqual({ kind: 'missing' });
    expect(parseAuthorization('Bearer a.b.c')).toEqual({ kind: 'missing' });
    expect(parseAuthorization('client')).toEqual({ kind: 'malformed' });
    expect(parseAuthorization(`client ${id} extra`)).toEqual({ kind: 'malformed' });
    expect(parseAuthorization(`client ${id.slice(0, -1)}`)).toEqual({ kind: 'malformed' });
    expect(parseAuthorization(`client ${id.replace('credo_', 'other_')}`)).toEqual({ kind: 'malformed' });
    expect(parseAuthorization([`client ${id}`, `client ${id}`])).toEqual({ kind: 'malformed' });
  });
});
