// Batch linkage: deduplicate one table or link two, unsupervised. Steps: encode (normalise distinct values),
// block (union of rules), compare (worker threads on both cores for large runs), estimate u from random pairs and
// m, u and the prior by EM on the candidates' comparison patterns (or use a saved model), score with
// term-frequency adjustment, and keep the pairs at or above the threshold.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { candidatePairs } from './blocking.ts';
import { type ComparableField, comparePairs, MISSING } from './compare.ts';
import { type EncodedField, encodeFields, type RecordTable } from './encode.ts';
import {
  buildModel,
  levelFrequencies,
  NULL_LEVEL,
  type Pattern,
  priorWeight,
  probabilityOf,
  type TrainOptions,
  tfAdjustment,
  weightTable,
} from './fellegi-sunter.ts';
import type { FieldSpec, LinkageModel } from './model.ts';
import { trainUnsupervised } from './train.ts';

export type LinkageOptions = TrainOptions & {
  fields: FieldSpec[];
  /** Blocking rules ("field:transform" parts); default from the field kinds (defaultBlocking). */
  blocking?: string[][];
  /** Pairs at or above this match probability are returned (default 0.9, or the model's). */
  threshold?: number;
  /** A trained model to score with instead of training one on this data. */
  model?: LinkageModel;
  maxBlock?: number;
  /** Random pairs compared to estimate u (default 100,000). */
  randomPairs?: number;
  seed?: number;
  /** Threads comparing pairs (default: the available cores); 1 compares on the calling thread only. */
  threads?: number;
  /** No per-value dictionary and no level cache, one thread: the straightforward way, for benchmarks. */
  straightforward?: boolean;
};

export type ScoredPair = { left: string; right: string; probability: number; weight: number };

export type LinkageStats = {
  records: number;
  candidates: number;
  perRule: number[];
  skippedBlocks: number;
  patterns: number;
  milliseconds: Record<'encode' | 'block' | 'compare' | 'train' | 'score', number>;
};

export type LinkageResult = { pairs: ScoredPair[]; model: LinkageModel; stats: LinkageStats };

export const DEFAULT_THRESHOLD = 0.9;

/**
 * Default blocking rules: all names by phonetic key; each date exactly; each document number exactly; each name
 * by phonetic key with the year of each date; each name by phonetic key alone and each exact-coded field alone
 * (where their blocks stay small). Pairs that differ on all of these are not compared.
 */
export function defaultBlocking(fields: readonly FieldSpec[]): string[][] {
  const names = fields.filter((f) => f.kind === 'name').map((f) => f.field);
  const dates = fields.filter((f) => f.kind === 'date').map((f) => f.field);
  const docs = fields.filter((f) => f.kind === 'document').map((f) => f.field);
  const rules: string[][] = [];
  if (names.length > 1) rules.push(names.map((n) => `${n}:phonetic`));
  for (const d of dates) rules.push([`${d}:exact`]);
  for (const d of docs) rules.push([`${d}:exact`]);
  for (const n of names) for (const d of dates) rules.push([`${n}:phonetic`, `${d}:year`]);
  // Each name and each exact-coded field alone: blocks of common values exceed maxBlock and are skipped.
  for (const n of names) rules.push([`${n}:phonetic`]);
  for (const f of fields) if (f.kind === 'exact') rules.push([`${f.field}:exact`]);
  if (rules.length === 0) rules.push([`${fields[0]!.field}:exact`]);
  return rules;
}

/** A small deterministic generator (mulberry32), so that training on the same data gives the same model. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Patterns (with counts) of pairs' levels; keyed by a base-8 code of the levels. */
function countPatterns(levels: Uint8Array, F: number, counts = new Map<number, number>()): Map<number, number> {
  for (let o = 0; o < levels.length; o += F) {
    let code = 0;
    for (let f = F - 1; f >= 0; f--) {
      const l = levels[o + f]!;
      code = code * 8 + (l === MISSING ? 0 : l + 1);
    }
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

function decodePattern(code: number, F: number): Int8Array {
  const levels = new Int8Array(F);
  let c = code;
  for (let f = 0; f < F; f++) {
    const d = c % 8;
    levels[f] = d === 0 ? NULL_LEVEL : d - 1;
    c = Math.floor(c / 8);
  }
  return levels;
}

const toPatterns = (counts: Map<number, number>, F: number): Pattern[] =>
  [...counts].map(([code, count]) => ({ levels: decodePattern(code, F), count }));

/** Compares the candidate pairs, sharing the work between worker threads and the calling thread. */
async function compareAll(
  fields: EncodedField[],
  a: Int32Array,
  b: Int32Array,
  threads: number,
  cache: boolean,
): Promise<Uint8Array[]> {
  const comparable: ComparableField[] = fields.map((f) => ({ kind: f.kind, values: f.values, codes: f.codes }));
  if (threads <= 1 || a.length < 50_000) return [comparePairs(comparable, a, b, 0, a.length, cache)];
  const chunk = Math.ceil(a.length / threads);
  const workers: Promise<Uint8Array>[] = [];
  for (let t = 1; t < threads; t++) {
    const from = t * chunk;
    const to = Math.min(a.length, from + chunk);
    if (from >= to) break;
    const worker = new Worker(new URL('./compare-worker.mjs', import.meta.url));
    workers.push(
      new Promise<Uint8Array>((resolve, reject) => {
        worker.once('message', (levels: Uint8Array) => {
          resolve(levels);
          void worker.terminate();
        });
        worker.once('error', reject);
      }),
    );
    const sa = a.slice(from, to);
    const sb = b.slice(from, to);
    worker.postMessage({ fields: comparable, a: sa, b: sb }, [sa.buffer, sb.buffer]);
  }
  const own = comparePairs(comparable, a, b, 0, Math.min(chunk, a.length));
  return [own, ...(await Promise.all(workers))];
}

/** Levels of random pairs (within the set, or left x right), for the starting u and the TF base. */
function randomPatterns(fields: EncodedField[], n: number, leftSize: number, count: number, seed: number): Pattern[] {
  const rand = prng(seed);
  const link = leftSize < n;
  const total = link ? leftSize * (n - leftSize) : (n * (n - 1)) / 2;
  const k = Math.min(count, total);
  const a = new Int32Array(k);
  const b = new Int32Array(k);
  if (total <= count) {
    let p = 0;
    for (let i = 0; i < (link ? leftSize : n); i++)
      for (let j = link ? leftSize : i + 1; j < n; j++) {
        a[p] = i;
        b[p++] = j;
      }
  } else {
    for (let p = 0; p < k; p++) {
      let i: number;
      let j: number;
      do {
        i = Math.floor(rand() * (link ? leftSize : n));
        j = link ? leftSize + Math.floor(rand() * (n - leftSize)) : Math.floor(rand() * n);
      } while (i === j);
      a[p] = i;
      b[p] = j;
    }
  }
  const comparable = fields.map((f) => ({ kind: f.kind, values: f.values, codes: f.codes }));
  return toPatterns(countPatterns(comparePairs(comparable, a, b, 0, k, false), fields.length), fields.length);
}

async function run(tables: RecordTable[], leftSize: number, options: LinkageOptions): Promise<LinkageResult> {
  const ms = { encode: 0, block: 0, compare: 0, train: 0, score: 0 };
  let t0 = performance.now();
  const lap = (k: keyof typeof ms) => {
    const t = performance.now();
    ms[k] = Math.round(t - t0);
    t0 = t;
  };
  const spec = options.model
    ? options.model.fields.map((f) => ({ field: f.field, kind: f.kind, tf: f.tf }))
    : options.fields;
  const ids = tables.flatMap((t) => t.ids);
  const n = ids.length;
  const fields = encodeFields(tables, spec, { perRecord: options.straightforward });
  lap('encode');
  const blocking = options.blocking ?? options.model?.blocking ?? defaultBlocking(spec);
  const cand = candidatePairs(blocking, fields, n, { leftSize, maxBlock: options.maxBlock });
  const a = cand.a.subarray(0, cand.length);
  const b = cand.b.subarray(0, cand.length);
  lap('block');
  const threads = options.straightforward ? 1 : (options.threads ?? os.availableParallelism());
  const parts = await compareAll(fields, a, b, threads, !options.straightforward);
  lap('compare');
  const F = fields.length;
  // Each pair's pattern code, kept for scoring; patterns counted overall and per blocking rule.
  const codes = new Float64Array(cand.length);
  const counts = new Map<number, number>();
  const perRule = cand.keys.map(() => new Map<number, number>());
  // The EM sessions need the patterns of a sample only: every stride-th pair (at most about 2 million).
  const stride = options.model ? 0 : Math.max(1, Math.ceil(cand.length / 2_000_000));
  let p = 0;
  for (const levels of parts)
    for (let o = 0; o < levels.length; o += F, p++) {
      let code = 0;
      for (let f = F - 1; f >= 0; f--) {
        const l = levels[o + f]!;
        code = code * 8 + (l === MISSING ? 0 : l + 1);
      }
      codes[p] = code;
      counts.set(code, (counts.get(code) ?? 0) + 1);
      if (stride === 0 || p % stride !== 0) continue;
      const x = a[p]!;
      const y = b[p]!;
      for (let r = 0; r < cand.keys.length; r++) {
        const k = cand.keys[r]!;
        if (k[x]! >= 0 && k[x] === k[y]) perRule[r]!.set(code, (perRule[r]!.get(code) ?? 0) + 1);
      }
    }
  let model = options.model;
  if (!model) {
    const kinds = fields.map((f) => f.kind);
    const uRandom = levelFrequencies(
      kinds,
      randomPatterns(fields, n, leftSize, options.randomPairs ?? 100_000, options.seed ?? 1),
    );
    const totalPairs = leftSize < n ? leftSize * (n - leftSize) : (n * (n - 1)) / 2;
    const trained = trainUnsupervised(
      kinds,
      perRule.map((c) => toPatterns(c, F)),
      cand.ruleFields,
      toPatterns(counts, F),
      uRandom,
      totalPairs,
      options.maxIterations,
    );
    model = buildModel(spec, trained, uRandom, blocking, options.threshold ?? DEFAULT_THRESHOLD, {
      records: n,
      pairs: cand.length,
    });
  }
  lap('train');
  const threshold = options.threshold ?? model.threshold;
  const table = weightTable(model);
  const base = priorWeight(model);
  const patternWeight = new Map<number, number>();
  for (const code of counts.keys()) {
    const levels = decodePattern(code, F);
    let w = base;
    for (let f = 0; f < F; f++) if (levels[f] !== NULL_LEVEL) w += table[f]![levels[f]!]!;
    patternWeight.set(code, w);
  }
  const tfFields = model.fields.flatMap((f, i) => (f.tf ? [i] : []));
  const pairs: ScoredPair[] = [];
  // Exact agreement (level 0) on a term-frequency field is the base-8 digit 1 at the field's place.
  const tfPlaces = tfFields.map((f) => 8 ** f);
  // Weights below this cannot reach the threshold: no probability computed for them.
  const cutoff = Math.log2(threshold / (1 - threshold)) - 1;
  for (let q = 0; q < cand.length; q++) {
    const code = codes[q]!;
    let w = patternWeight.get(code)!;
    for (let i = 0; i < tfFields.length; i++) {
      if (Math.floor(code / tfPlaces[i]!) % 8 !== 1) continue;
      const f = tfFields[i]!;
      const field = fields[f]!;
      w += tfAdjustment(model.fields[f]!, field.counts[field.codes[a[q]!]!]! / n);
    }
    if (w < cutoff) continue;
    const probability = probabilityOf(w);
    if (probability >= threshold) pairs.push({ left: ids[a[q]!]!, right: ids[b[q]!]!, probability, weight: w });
  }
  lap('score');
  return {
    pairs,
    model,
    stats: {
      records: n,
      candidates: cand.length,
      perRule: cand.perRule,
      skippedBlocks: cand.skippedBlocks,
      patterns: counts.size,
      milliseconds: ms,
    },
  };
}

/** Finds likely duplicate pairs within one table. */
export const dedupe = (table: RecordTable, options: LinkageOptions): Promise<LinkageResult> =>
  run([table], table.ids.length, options);

/** Finds likely pairs of one record of `left` and one of `right`. */
export const link = (left: RecordTable, right: RecordTable, options: LinkageOptions): Promise<LinkageResult> =>
  run([left, right], left.ids.length, options);
