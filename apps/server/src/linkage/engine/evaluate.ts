// Measuring a linkage against known truth (for benchmarks and tests; labels are never used in training): FEBRL's
// record ids name the entity (rec-12-org, rec-12-dup-0), splink's fake_1000 comes with a labels file.
import type { ScoredPair } from './linkage.ts';

/** The entity of a FEBRL record id: "rec-12-dup-0" -> "12". */
export function febrlEntity(id: string): string {
  const m = /^rec-(\d+)-(?:org|dup-\d+)$/.exec(id.trim());
  if (!m) throw new Error(`not a FEBRL record id: ${id}`);
  return m[1]!;
}

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Every pair of ids that share an entity. */
export function pairsOfEntities(ids: readonly string[], entityOf: (id: string) => string): Set<string> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const e = entityOf(id);
    const g = groups.get(e);
    if (g) g.push(id);
    else groups.set(e, [id]);
  }
  const truth = new Set<string>();
  for (const g of groups.values())
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) truth.add(key(g[i]!, g[j]!));
  return truth;
}

/** Pairs of a left and a right id that share an entity. */
export function crossPairs(left: readonly string[], right: readonly string[], entityOf: (id: string) => string) {
  const byEntity = new Map<string, string[]>();
  for (const id of right) {
    const e = entityOf(id);
    byEntity.set(e, [...(byEntity.get(e) ?? []), id]);
  }
  const truth = new Set<string>();
  for (const id of left) for (const other of byEntity.get(entityOf(id)) ?? []) truth.add(key(id, other));
  return truth;
}

/** A set of true pairs from a list of [id, id] (e.g. a labels file's matches). */
export const pairSet = (pairs: readonly (readonly [string, string])[]): Set<string> =>
  new Set(pairs.map(([a, b]) => key(a, b)));

export type Accuracy = { precision: number; recall: number; f1: number; proposed: number; truePairs: number };

/** Precision, recall and F1 of the proposed pairs. */
export function accuracyOf(proposed: readonly Pick<ScoredPair, 'left' | 'right'>[], truth: Set<string>): Accuracy {
  let tp = 0;
  for (const p of proposed) if (truth.has(key(p.left, p.right))) tp++;
  const precision = proposed.length ? tp / proposed.length : 0;
  const recall = truth.size ? tp / truth.size : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, proposed: proposed.length, truePairs: truth.size };
}
