// Unsupervised training in the manner of Splink: u from random pairs (fixed); m by one EM session per blocking
// rule over the pairs that rule admits, leaving out the fields the rule made agree (among pairs blocked on date
// of birth, agreeing on it says nothing); each field's m averaged over the sessions that estimated it; then the
// prior - the share of matches among all pairs - by a fixed point over the candidate pairs with m and u held.
// Estimating u on the candidates instead would learn the blocking rules' bias (non-matches that share a name
// and a birth year), and on skewed registries EM then splits the pairs by that bias rather than by identity.

import { estimate, initialM, NULL_LEVEL, type Pattern, type TrainResult } from './fellegi-sunter.ts';
import type { FieldKind } from './fields.ts';

export type Session = { rule: number; pairs: number; prior: number; iterations: number };

/**
 * Trains m and the prior. `patternsPerRule[r]` are the comparison patterns of the candidate pairs that satisfy
 * rule r; `all` those of every candidate pair; `totalPairs` the number of pairs of the whole comparison space.
 */
export function trainUnsupervised(
  kinds: readonly FieldKind[],
  patternsPerRule: readonly Pattern[][],
  ruleFields: readonly number[][],
  all: readonly Pattern[],
  uRandom: number[][],
  totalPairs: number,
  maxIterations = 100,
): TrainResult & { sessions: Session[] } {
  const F = kinds.length;
  const sums = kinds.map((k) => initialM(k).map(() => 0));
  const counted = new Array<number>(F).fill(0);
  const sessions: Session[] = [];
  patternsPerRule.forEach((patterns, r) => {
    const exclude = kinds.map((_, f) => ruleFields[r]!.includes(f));
    const n = patterns.reduce((a, p) => a + p.count, 0);
    if (n < 10 || exclude.every(Boolean)) return;
    const s = estimate(kinds, patterns, uRandom, { fixU: true, exclude, maxIterations });
    sessions.push({ rule: r, pairs: n, prior: s.prior, iterations: s.iterations });
    for (let f = 0; f < F; f++) {
      if (exclude[f]) continue;
      counted[f]!++;
      s.m[f]!.forEach((v, l) => {
        sums[f]![l]! += v;
      });
    }
  });
  const m = kinds.map((k, f) => (counted[f]! > 0 ? sums[f]!.map((v) => v / counted[f]!) : initialM(k)));
  // Pattern weights with m and u held; then the prior such that the expected matches among the candidates,
  // divided by all pairs, gives the prior back.
  const weights = all.map((p) => {
    let w = 0;
    for (let f = 0; f < F; f++) {
      const l = p.levels[f]!;
      if (l !== NULL_LEVEL) w += Math.log2(m[f]![l]! / uRandom[f]![l]!);
    }
    return w;
  });
  let prior = Math.min(0.5, Math.max(1 / totalPairs, all.reduce((a, p) => a + p.count, 0) / totalPairs / 10));
  let iterations = 0;
  for (; iterations < 200; iterations++) {
    const logOdds = Math.log2(prior / (1 - prior));
    let expected = 0;
    all.forEach((p, i) => {
      expected += p.count / (1 + 2 ** -(logOdds + weights[i]!));
    });
    const next = Math.min(0.5, Math.max(1e-12, expected / totalPairs));
    const done = Math.abs(next - prior) <= prior * 1e-6;
    prior = next;
    if (done) break;
  }
  return { m, u: uRandom, prior, iterations, sessions };
}
