// Blocking: only pairs that agree on every part of at least one rule are compared ("surname:phonetic" and
// "date_of_birth:year", or "date_of_birth:exact"...). Transforms: exact (normalised value), phonetic (names/
// phonetic.ts key), year, unordered (a date with day and month in either order), initial, firstN (N letters). The candidate pairs are the union over the rules; a pair
// found by an earlier rule is not produced again by a later one (each pair is compared once), as in Splink.
// Blocks larger than `maxBlock` records are skipped (their pairs are left to the other rules): a block of
// common values would otherwise produce a quadratic number of mostly non-matching pairs.

import { phoneticKey } from '../../names/phonetic.ts';
import type { EncodedField } from './encode.ts';
import type { FieldValue } from './fields.ts';

export const BLOCK_TRANSFORMS = [
  'exact',
  'phonetic',
  'year',
  'unordered',
  'initial',
  'first1',
  'first2',
  'first3',
  'first4',
];

type Part = { field: number; transform: string };

/** Parses "field:transform" parts against the encoded fields; throws naming the bad part. */
export function parseRule(rule: readonly string[], fields: readonly EncodedField[]): Part[] {
  return rule.map((p) => {
    const [name, transform = 'exact'] = p.split(':');
    const field = fields.findIndex((f) => f.field === name);
    if (field < 0) throw new Error(`blocking rule part "${p}": no compared field "${name}"`);
    if (!BLOCK_TRANSFORMS.includes(transform) && !/^first[1-9]$/.test(transform))
      throw new Error(`blocking rule part "${p}": unknown transform "${transform}"`);
    if ((transform === 'year' || transform === 'unordered') && fields[field]!.kind !== 'date')
      throw new Error(`blocking rule part "${p}": "${transform}" needs a date field`);
    return { field, transform };
  });
}

/** The blocking key of one normalised value under a transform, or null when it gives none. */
export function blockingPart(v: FieldValue, transform: string): string | null {
  switch (transform) {
    case 'exact':
      return v.text;
    case 'phonetic':
      if (v.kind === 'name') return v.phonetic;
      return v.text
        .split(' ')
        .map((t) => phoneticKey(t))
        .join(' ');
    case 'year':
      return v.kind === 'date' ? String(v.y) : null;
    case 'unordered':
      // The full date with day and month in either order: a date and its swapped form share the key.
      return v.kind === 'date' && v.m > 0 && v.d > 0 ? `${v.y}:${Math.min(v.m, v.d)}:${Math.max(v.m, v.d)}` : null;
    case 'initial':
      return v.text.charAt(0) || null;
    default: {
      const n = Number(transform.slice(5));
      return v.text.length >= n ? v.text.slice(0, n) : v.text || null;
    }
  }
}

/** Per record, the dense key of the rule (-1 when a part is missing), and the number of distinct keys. */
export function ruleKeys(parts: readonly Part[], fields: readonly EncodedField[], n: number): Int32Array {
  const keys = new Int32Array(n).fill(-1);
  // Each part maps the field's distinct values to part ids; parts combine by interning (key, part) pairs.
  let combined: Int32Array | null = null;
  for (const part of parts) {
    const f = fields[part.field]!;
    const partIds = new Int32Array(f.values.length);
    const intern = new Map<string, number>();
    f.values.forEach((v, i) => {
      const k = blockingPart(v, part.transform);
      if (k === null) partIds[i] = -1;
      else {
        let id = intern.get(k);
        if (id === undefined) {
          id = intern.size;
          intern.set(k, id);
        }
        partIds[i] = id;
      }
    });
    const next = new Int32Array(n);
    const pairs = new Map<number, number>();
    const width = intern.size + 1;
    for (let r = 0; r < n; r++) {
      const c = f.codes[r]!;
      const p = c < 0 ? -1 : partIds[c]!;
      const prev = combined ? combined[r]! : 0;
      if (p < 0 || prev < 0) {
        next[r] = -1;
        continue;
      }
      if (!combined) next[r] = p;
      else {
        const k = prev * width + p;
        let id = pairs.get(k);
        if (id === undefined) {
          id = pairs.size;
          pairs.set(k, id);
        }
        next[r] = id;
      }
    }
    combined = next;
  }
  if (combined) keys.set(combined);
  return keys;
}

/** Candidate pairs as two parallel arrays of record indices (a < b), with counts per rule. */
export type CandidatePairs = {
  a: Int32Array;
  b: Int32Array;
  length: number;
  perRule: number[];
  skippedBlocks: number;
  /** Per rule, each record's key (-1: none): a pair satisfies a rule when both keys are equal. */
  keys: Int32Array[];
  /** Per rule, the fields (indices) its parts read. */
  ruleFields: number[][];
};

class PairBuffer {
  a = new Int32Array(1 << 16);
  b = new Int32Array(1 << 16);
  length = 0;
  push(x: number, y: number) {
    if (this.length === this.a.length) {
      const a = new Int32Array(this.a.length * 2);
      const b = new Int32Array(this.b.length * 2);
      a.set(this.a);
      b.set(this.b);
      this.a = a;
      this.b = b;
    }
    this.a[this.length] = x;
    this.b[this.length] = y;
    this.length++;
  }
}

/**
 * The union of the candidate pairs of the rules. For a dedupe, `leftSize` is the number of records and pairs are
 * within the set; for a link, records below `leftSize` are the left set and pairs join one left and one right.
 */
export function candidatePairs(
  rules: readonly (readonly string[])[],
  fields: readonly EncodedField[],
  n: number,
  options: { leftSize?: number; maxBlock?: number } = {},
): CandidatePairs {
  const leftSize = options.leftSize ?? n;
  const link = leftSize < n;
  const maxBlock = options.maxBlock ?? 400;
  const parsed = rules.map((r) => parseRule(r, fields));
  const keys = parsed.map((parts) => ruleKeys(parts, fields, n));
  // Block sizes per rule and key, to know whether an earlier rule really produced a pair.
  const sizes = keys.map((k) => {
    let max = -1;
    for (let i = 0; i < n; i++) if (k[i]! > max) max = k[i]!;
    const s = new Int32Array(max + 1);
    for (let i = 0; i < n; i++) if (k[i]! >= 0) s[k[i]!]!++;
    return s;
  });
  const out = new PairBuffer();
  const perRule: number[] = [];
  let skippedBlocks = 0;
  for (let r = 0; r < rules.length; r++) {
    const k = keys[r]!;
    const size = sizes[r]!;
    // Counting sort of the records by key.
    const start = new Int32Array(size.length + 1);
    for (let i = 0; i < size.length; i++) start[i + 1] = start[i]! + size[i]!;
    const order = new Int32Array(start[size.length]!);
    const fill = start.slice(0, size.length);
    for (let i = 0; i < n; i++) if (k[i]! >= 0) order[fill[k[i]!]!++] = i;
    const before = out.length;
    for (let key = 0; key < size.length; key++) {
      const s = size[key]!;
      if (s < 2) continue;
      if (s > maxBlock) {
        skippedBlocks++;
        continue;
      }
      const from = start[key]!;
      for (let x = from; x < from + s; x++) {
        const i = order[x]!;
        for (let y = x + 1; y < from + s; y++) {
          const j = order[y]!;
          if (link && i < leftSize === j < leftSize) continue;
          const a = Math.min(i, j);
          const b = Math.max(i, j);
          let seen = false;
          for (let e = 0; e < r && !seen; e++) {
            const ka = keys[e]![a]!;
            seen = ka >= 0 && ka === keys[e]![b]! && sizes[e]![ka]! <= maxBlock;
          }
          if (!seen) out.push(a, b);
        }
      }
    }
    perRule.push(out.length - before);
  }
  const ruleFields = parsed.map((parts) => [...new Set(parts.map((p) => p.field))]);
  return { a: out.a, b: out.b, length: out.length, perRule, skippedBlocks, keys, ruleFields };
}
