// Columnar encoding of records for batch linkage: each field's raw values are normalised once per distinct value
// into a dictionary, and each record holds the dictionary index (-1 when missing). Real registries repeat names
// and dates heavily, so normalisation and comparison work scale with distinct values, not with records; the
// integer columns are cheap to send to worker threads.
import { type FieldKind, type FieldValue, normalise } from './fields.ts';
import type { FieldSpec } from './model.ts';

/** Records as columns of raw strings (null or blank for missing), with their identifiers. */
export type RecordTable = { ids: string[]; columns: Record<string, readonly (string | null | undefined)[]> };

export type EncodedField = {
  field: string;
  kind: FieldKind;
  /** Distinct normalised values. */
  values: FieldValue[];
  /** Per record, the index into `values`, or -1. */
  codes: Int32Array;
  /** Per value, how many records hold it (for term frequencies). */
  counts: Int32Array;
};

/**
 * Encodes the columns of one or more tables (concatenated in order) for the fields of the spec. With `perRecord`
 * each record's value is normalised and stored on its own (no dictionary): the baseline the benchmark compares.
 */
export function encodeFields(
  tables: readonly RecordTable[],
  spec: readonly FieldSpec[],
  options: { perRecord?: boolean } = {},
): EncodedField[] {
  const n = tables.reduce((a, t) => a + t.ids.length, 0);
  return spec.map((s) => {
    const byRaw = new Map<string, number>();
    const byText = new Map<string, number>();
    const values: FieldValue[] = [];
    const codes = new Int32Array(n);
    let counts = new Int32Array(1024);
    const cheap = s.kind === 'document' || s.kind === 'exact';
    let r = 0;
    for (const t of tables) {
      const column = t.columns[s.field];
      if (!column) throw new Error(`no column "${s.field}"`);
      for (let i = 0; i < t.ids.length; i++, r++) {
        const raw = column[i];
        if (raw === null || raw === undefined) {
          codes[r] = -1;
          continue;
        }
        // Numbers (documents, codes) are mostly distinct and cheap to normalise: no look-up by raw value.
        let code = options.perRecord || cheap ? undefined : byRaw.get(raw);
        if (code === undefined && options.perRecord) {
          // The straightforward way (the benchmark's baseline): every record normalised and kept on its own.
          const v = normalise(s.kind, raw);
          code = v === null ? -1 : values.push(v) - 1;
        } else if (code === undefined) {
          const v = normalise(s.kind, raw);
          if (v === null) code = -1;
          else {
            code = byText.get(v.text);
            if (code === undefined) {
              code = values.length;
              values.push(v);
              byText.set(v.text, code);
            }
          }
          if (!cheap) byRaw.set(raw, code);
        }
        codes[r] = code;
        if (code >= 0) {
          if (code >= counts.length) {
            const grown = new Int32Array(counts.length * 2);
            grown.set(counts);
            counts = grown;
          }
          counts[code]!++;
        }
      }
    }
    counts = counts.slice(0, values.length);
    if (options.perRecord) {
      // Term frequencies by normalised text, as the dictionary would count them.
      const byTextCount = new Map<string, number>();
      for (const v of values) byTextCount.set(v.text, (byTextCount.get(v.text) ?? 0) + 1);
      values.forEach((v, i) => {
        counts[i] = byTextCount.get(v.text)!;
      });
    }
    return { field: s.field, kind: s.kind, values, codes, counts };
  });
}
