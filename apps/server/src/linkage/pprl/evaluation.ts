// Accuracy of a linkage against known truth: precision, recall and F1. Used by the FEBRL 4 test and benchmark,
// where the truth is in the record ids (rec-123-org in file A is the same person as rec-123-dup-0 in file B).

/** Precision, recall and F1 of links against the number of true pairs. */
export type Accuracy = { links: number; truePositives: number; precision: number; recall: number; f1: number };

/** Scores links (pairs of ids) given a same-entity test and the number of true pairs. */
export function accuracy(
  links: readonly (readonly [string, string])[],
  same: (left: string, right: string) => boolean,
  truePairs: number,
): Accuracy {
  const tp = links.filter(([l, r]) => same(l, r)).length;
  const precision = links.length === 0 ? 0 : tp / links.length;
  const recall = truePairs === 0 ? 0 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { links: links.length, truePositives: tp, precision, recall, f1 };
}

/** FEBRL's record ids: "rec-123-org" and "rec-123-dup-0" are the same entity. */
export const febrlEntity = (id: string): string => id.replace(/-(org|dup-\d+)$/, '');
