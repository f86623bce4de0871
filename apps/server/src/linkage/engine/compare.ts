// Comparing candidate pairs field by field. Values are compared by dictionary index: equal indices are an exact
// agreement without looking at the strings, and the level of two distinct names or texts is cached, since the
// same spellings meet again and again.
import type { EncodedField } from './encode.ts';
import { compareValues, type FieldKind, type FieldValue } from './fields.ts';
import { LevelCache } from './level-cache.ts';

/** Level stored for a field missing on either side, in the Uint8Array of levels. */
export const MISSING = 255;

/** What a comparer needs of a field (structured-cloneable, for worker threads). */
export type ComparableField = Pick<EncodedField, 'kind' | 'values' | 'codes'>;

/** Compares pairs [from, to) and returns their levels, `fields.length` bytes per pair. */
export function comparePairs(
  fields: readonly ComparableField[],
  a: Int32Array,
  b: Int32Array,
  from = 0,
  to = a.length,
  cache = true,
): Uint8Array {
  const F = fields.length;
  const levels = new Uint8Array((to - from) * F);
  for (let f = 0; f < F; f++) {
    const { kind, values, codes } = fields[f]!;
    const cached = cache && (kind === 'name' || kind === 'text') ? new LevelCache() : null;
    for (let p = from, o = f; p < to; p++, o += F) {
      const x = codes[a[p]!]!;
      const y = codes[b[p]!]!;
      if (x < 0 || y < 0) levels[o] = MISSING;
      else if (x === y) levels[o] = 0;
      else if (kind === 'exact') levels[o] = 1;
      else if (cached) {
        const lo = Math.min(x, y);
        const hi = Math.max(x, y);
        let l = cached.get(lo, hi);
        if (l < 0) {
          l = compareValues(kind as FieldKind, values[lo] as FieldValue, values[hi] as FieldValue);
          cached.set(lo, hi, l);
        }
        levels[o] = l;
      } else levels[o] = compareValues(kind as FieldKind, values[x] as FieldValue, values[y] as FieldValue);
    }
  }
  return levels;
}
