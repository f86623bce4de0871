// Fellegi-Sunter scoring (I. P. Fellegi and A. B. Sunter, "A Theory for Record Linkage", JASA 1969): each field's
// comparison level l has m = P(l | match) and u = P(l | non-match); a pair's match weight is the log2 prior odds
// plus the sum over fields of log2(m/u), and its match probability is 2^w / (1 + 2^w). A field missing on either
// side contributes nothing. m, u and the prior are estimated without labels by expectation-maximisation over the
// comparison patterns of the candidate pairs (Winkler 1988; Splink and recordlinkage do the same), u starting
// from random pairs. Term-frequency adjustment (as in Splink): an exact agreement on a value is worth
// log2(uRandomExact / tf(value)) more, so agreeing on a rare surname counts more than on a common one.
import { type FieldKind, LEVELS } from './fields.ts';
import type { FieldModel, FieldSpec, LinkageModel } from './model.ts';
import { MODEL_FORMAT } from './model.ts';

/** Level of a field missing on either side. */
export const NULL_LEVEL = -1;

/** A comparison pattern (one level per field, NULL_LEVEL where missing) and how many pairs have it. */
export type Pattern = { levels: Int8Array; count: number };

const EPS = 1e-6;
const clamp = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));
const log2 = Math.log2;

/** Level frequencies among random pairs (Laplace-smoothed): the starting u, and the base of TF adjustment. */
export function levelFrequencies(kinds: readonly FieldKind[], patterns: readonly Pattern[]): number[][] {
  const counts = kinds.map((k) => new Array<number>(LEVELS[k].length).fill(1));
  for (const p of patterns)
    for (let f = 0; f < kinds.length; f++) {
      const l = p.levels[f]!;
      if (l !== NULL_LEVEL) counts[f]![l]! += p.count;
    }
  return counts.map((c) => {
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((x) => clamp(x / total));
  });
}

/** Starting m: most matches agree exactly, few disagree. */
export function initialM(kind: FieldKind): number[] {
  const n = LEVELS[kind].length;
  if (n === 2) return [0.9, 0.1];
  const middle = 0.15 / (n - 2);
  return LEVELS[kind].map((_, i) => (i === 0 ? 0.8 : i === n - 1 ? 0.05 : middle));
}

export type TrainOptions = {
  /** Keep u as estimated from random pairs instead of re-estimating it on the candidate pairs. */
  fixU?: boolean;
  /** Fields left out of the estimation (those a blocking rule made agree); their m stays as initialised. */
  exclude?: readonly boolean[];
  /** Starting m (default: most matches agree exactly). */
  initialM?: number[][];
  maxIterations?: number;
  /** Stop when no parameter moves more than this. */
  tolerance?: number;
};

export type TrainResult = { m: number[][]; u: number[][]; prior: number; iterations: number };

/** Expectation-maximisation of m, u and the prior over the comparison patterns of the candidate pairs. */
export function estimate(
  kinds: readonly FieldKind[],
  patterns: readonly Pattern[],
  uRandom: number[][],
  options: TrainOptions = {},
): TrainResult {
  // (One session: the caller runs one per blocking rule, excluding the rule's fields, as Splink does.)
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-5;
  let m = options.initialM ? options.initialM.map((r) => [...r]) : kinds.map(initialM);
  const used = kinds.map((_, f) => !options.exclude?.[f]);
  let u = uRandom.map((r) => [...r]);
  let prior = 0.1;
  let iterations = 0;
  const F = kinds.length;
  while (iterations < maxIterations) {
    iterations++;
    const mSum = kinds.map((k) => new Array<number>(LEVELS[k].length).fill(0));
    const uSum = kinds.map((k) => new Array<number>(LEVELS[k].length).fill(0));
    let matches = 0;
    let total = 0;
    const logOdds = log2(prior / (1 - prior));
    for (const p of patterns) {
      let w = logOdds;
      for (let f = 0; f < F; f++) {
        const l = p.levels[f]!;
        if (l !== NULL_LEVEL && used[f]) w += log2(m[f]![l]! / u[f]![l]!);
      }
      const r = w > 60 ? 1 : w < -60 ? 0 : 1 / (1 + 2 ** -w);
      matches += r * p.count;
      total += p.count;
      for (let f = 0; f < F; f++) {
        const l = p.levels[f]!;
        if (l === NULL_LEVEL) continue;
        mSum[f]![l]! += r * p.count;
        uSum[f]![l]! += (1 - r) * p.count;
      }
    }
    const normalise = (sums: number[][]) =>
      sums.map((s) => {
        const t = s.reduce((a, b) => a + b, 0);
        return s.map((x) => clamp(t > 0 ? x / t : 1 / s.length));
      });
    const nextM = normalise(mSum).map((row, f) => (used[f] ? row : m[f]!));
    const nextU = options.fixU ? u : normalise(uSum).map((row, f) => (used[f] ? row : u[f]!));
    const nextPrior = clamp(total > 0 ? matches / total : 0.5);
    let delta = Math.abs(nextPrior - prior);
    for (let f = 0; f < F; f++)
      for (let l = 0; l < nextM[f]!.length; l++)
        delta = Math.max(delta, Math.abs(nextM[f]![l]! - m[f]![l]!), Math.abs(nextU[f]![l]! - u[f]![l]!));
    m = nextM;
    u = nextU;
    prior = nextPrior;
    if (delta < tolerance) break;
  }
  return { m, u, prior, iterations };
}

/** Builds the JSON model from the spec and the estimates. */
export function buildModel(
  spec: readonly FieldSpec[],
  trained: TrainResult,
  uRandom: number[][],
  blocking: string[][],
  threshold: number,
  trainedOn: { records: number; pairs: number },
): LinkageModel {
  return {
    format: MODEL_FORMAT,
    version: 1,
    fields: spec.map(
      (s, f): FieldModel => ({
        field: s.field,
        kind: s.kind,
        tf: s.tf ?? false,
        uRandomExact: uRandom[f]![0]!,
        levels: LEVELS[s.kind].map((label, l) => ({ label, m: trained.m[f]![l]!, u: trained.u[f]![l]! })),
      }),
    ),
    prior: trained.prior,
    blocking,
    threshold,
    trainedOn: { ...trainedOn, iterations: trained.iterations },
  };
}

/** Per field and level, the match weight log2(m/u): a table the scorer reads instead of recomputing logs. */
export function weightTable(model: LinkageModel): Float64Array[] {
  return model.fields.map((f) => Float64Array.from(f.levels, (l) => log2(l.m / l.u)));
}

/** Converts a match weight to a probability. */
export const probabilityOf = (weight: number): number => 1 / (1 + 2 ** -weight);

/** The log2 prior odds of the model. */
export const priorWeight = (model: LinkageModel): number => log2(model.prior / (1 - model.prior));

/**
 * The term-frequency adjustment of an exact agreement on a value held by this share of records: positive for a
 * value rarer than the average agreement, negative for a common one, bounded so one value cannot decide alone.
 */
export function tfAdjustment(field: FieldModel, share: number): number {
  if (!field.tf || !(share > 0)) return 0;
  const adj = log2(field.uRandomExact / share);
  return Math.max(-5, Math.min(5, adj));
}

/** One field's part in a pair's score. */
export type FieldContribution = {
  field: string;
  /** The comparison level label ("exact", "jw>=0.92", ...), or "missing" when either side has no value. */
  level: string;
  /** Match weight in bits (log2 of the likelihood ratio), including the term-frequency adjustment. */
  weight: number;
  /** The term-frequency part of the weight (0 unless the field is term-frequency adjusted and agrees exactly). */
  tfAdjustment: number;
};

/** The score of a pair, explained field by field. */
export type Explanation = {
  probability: number;
  weight: number;
  priorWeight: number;
  fields: FieldContribution[];
};

/**
 * Scores one comparison pattern: `levels` per field of the model; `shares` gives, per field, the share of
 * records holding the agreed value (for term-frequency adjustment; undefined or 0 for none).
 */
export function explain(model: LinkageModel, levels: ArrayLike<number>, shares?: ArrayLike<number>): Explanation {
  const prior = priorWeight(model);
  let weight = prior;
  const fields = model.fields.map((f, i): FieldContribution => {
    const l = levels[i]!;
    if (l === NULL_LEVEL) return { field: f.field, level: 'missing', weight: 0, tfAdjustment: 0 };
    const level = f.levels[l]!;
    const tf = l === 0 && shares ? tfAdjustment(f, shares[i] ?? 0) : 0;
    const w = log2(level.m / level.u) + tf;
    weight += w;
    return { field: f.field, level: level.label, weight: w, tfAdjustment: tf };
  });
  return { probability: probabilityOf(weight), weight, priorWeight: prior, fields };
}
