export type Snapshot = Record<string, unknown>;

/** JSON's view of a value: what jsonb will store and what the comparison must use. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, plain(v)]),
    );
  return value;
}

/**
 * The fields that differ between two snapshots, each side as it was. A field present on one side only
 * (created, or gone) appears on that side only; `undefined` counts as absent, `null` as a value.
 */
export function changes(before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } {
  const was = plain(before) as Snapshot;
  const is = plain(after) as Snapshot;
  const out = { before: {} as Snapshot, after: {} as Snapshot };
  for (const key of new Set([...Object.keys(was), ...Object.keys(is)])) {
    if (JSON.stringify(was[key]) === JSON.stringify(is[key])) continue;
    if (key in was) out.before[key] = was[key];
    if (key in is) out.after[key] = is[key];
  }
  return out;
}
