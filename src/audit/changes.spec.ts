import { changes } from './changes.js';

describe('changes', () => {
  it('keeps only the fields that differ, each side as it was', () => {
    expect(
      changes(
        { status: 'approved', disbursed_at: null, amount: '10.00' },
        { status: 'active', disbursed_at: new Date(0), amount: '10.00' },
      ),
    ).toEqual({
      before: { status: 'approved', disbursed_at: null },
      after: { status: 'active', disbursed_at: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('puts a created field on the after side only and drops undefined', () => {
    expect(changes({}, { name: 'Acme', contact: undefined, payment: { id: 'lp_1', at: new Date(0) } })).toEqual({
      before: {},
      after: { name: 'Acme', payment: { id: 'lp_1', at: '1970-01-01T00:00:00.000Z' } },
    });
  });

  it('is empty when nothing changed, so a no-op is still recorded as one', () => {
    expect(changes({ revoked_at: new Date(5) }, { revoked_at: new Date(5) })).toEqual({ before: {}, after: {} });
  });

  it('compares nested values by content', () => {
    expect(changes({ p: { a: 1 } }, { p: { a: 1 } })).toEqual({ before: {}, after: {} });
    expect(changes({ p: { a: 1 } }, { p: { a: 2 } })).toEqual({ before: { p: { a: 1 } }, after: { p: { a: 2 } } });
  });
});
