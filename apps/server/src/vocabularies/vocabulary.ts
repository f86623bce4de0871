// A controlled vocabulary: the codes a standard (HTCDS 2.0, GBVIMS, ISIC) or Corridor itself defines for one field,
// kept as data in one module per vocabulary (DOMAIN.md) so that partners' data joins without mapping tables.
// Codes are stored and exchanged exactly as the standard spells them; labels are English reference labels (the
// web app translates them).

/** One vocabulary: its stable id (also the `vocabulary` column of case_codes), its source and its codes. */
export type Vocabulary<C extends string = string> = Readonly<{
  /** Stable id, `<standard>.<field>`, e.g. `htcds.exploitation_type`. */
  id: string;
  title: string;
  /** Where the codes come from (standard, version and field name). */
  source: string;
  /** The codes, in the standard's order. */
  codes: readonly C[];
  /** English label of each code. */
  labels: Readonly<Record<C, string>>;
  /** True when `code` is one of this vocabulary's codes. */
  has(code: string): code is C;
}>;

/** The code type of a vocabulary. */
export type CodeOf<V> = V extends Vocabulary<infer C> ? C : never;

/** Declares a vocabulary from its codes and English labels (in order). */
export function defineVocabulary<const L extends Record<string, string>>(spec: {
  id: string;
  title: string;
  source: string;
  labels: L;
}): Vocabulary<Extract<keyof L, string>> {
  type C = Extract<keyof L, string>;
  const codes = Object.freeze(Object.keys(spec.labels)) as readonly C[];
  const set = new Set<string>(codes);
  return Object.freeze({
    id: spec.id,
    title: spec.title,
    source: spec.source,
    codes,
    labels: Object.freeze({ ...spec.labels }) as Readonly<Record<C, string>>,
    has: (code: string): code is C => set.has(code),
  });
}
