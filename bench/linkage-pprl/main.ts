// `npm run bench -- linkage-pprl [--rows N] [--baseline-rows M] [--runs R] [--threshold T] [--febrl DIR]`:
// privacy-preserving linkage of FEBRL 4a <-> 4b (5,000 records each, every record of 4b a corrupted copy of one in
// 4a) with the FEBRL linkage schema v3 and a random project secret: precision, recall and F1 at the chosen Dice
// threshold after the greedy one-to-one solver, for plain CLKs and for the hardened (balanced) encodings Corridor
// uses in linkage projects. Then matching throughput in Dice comparisons per second: the WebAssembly kernel on
// every core (worker_threads) and on one thread, the JavaScript SWAR kernel, and the straightforward per-byte
// popcount-table loop (the baseline), all in the same run on the same encodings (FEBRL 4 encodings repeated to N
// rows per side; the baseline and SWAR kernels on M rows per side, since they are slow).
// Results: bench/results/linkage-pprl-<time>.json.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readClkFile } from '@corridor/server/src/linkage/pprl/clk-file.ts';
import {
  type Candidates,
  matchWithByteTable,
  matchWithSwar,
  matchWithWasm,
  type PackedFilters,
  packFilters,
} from '@corridor/server/src/linkage/pprl/dice.ts';
import { encodeCsv } from '@corridor/server/src/linkage/pprl/encode-csv.ts';
import { accuracy, febrlEntity } from '@corridor/server/src/linkage/pprl/evaluation.ts';
import { greedyOneToOne, matchAllPairs } from '@corridor/server/src/linkage/pprl/matcher.ts';
import { parseLinkageSchema } from '@corridor/server/src/linkage/pprl/schema.ts';
import { type Spread, spread } from '../http/stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');
const defaultData = path.resolve(here, '../../../shared/data/linkage');

/** Thresholds: plain CLKs as anonlink reports them (0.8); balanced encodings have a different Dice scale. */
const CONFIGS = [
  { name: 'plain CLK (l=1024)', patch: {}, threshold: 0.8 },
  { name: 'balanced (hardened, 2×1024)', patch: { balanced: true }, threshold: 0.7 },
] as const;

function repeatTo(p: PackedFilters, n: number): PackedFilters {
  const stride = p.words * 8;
  const data = new Uint8Array(n * stride);
  const popcounts = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const s = i % p.count;
    data.set(p.data.subarray(s * stride, (s + 1) * stride), i * stride);
    popcounts[i] = p.popcounts[s]!;
  }
  return { count: n, words: p.words, data, popcounts };
}

/** Wall time, and the CPU time of the whole process (every thread), of one run. */
async function timed(fn: () => Promise<Candidates> | Candidates): Promise<{ seconds: number; cpuSeconds: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const cpu = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Runs the benchmark. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '20000' },
      'baseline-rows': { type: 'string', default: '2000' },
      runs: { type: 'string', default: '5' },
      febrl: { type: 'string', default: defaultData },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- linkage-pprl [--rows N (per side, default 20000)] [--baseline-rows M (default 2000)] [--runs R (default 5)] [--febrl DIR]\n',
    );
    return;
  }
  const rows = Number(values.rows);
  const baselineRows = Number(values['baseline-rows']);
  const runs = Number(values.runs);
  const dir = values.febrl;
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const startedAt = new Date();
  const schemaJson = JSON.parse(fs.readFileSync(path.join(dir, 'febrl_schema_v3_final.json'), 'utf8'));
  const csvA = fs.readFileSync(path.join(dir, 'febrl/dataset4a.csv'), 'utf8');
  const csvB = fs.readFileSync(path.join(dir, 'febrl/dataset4b.csv'), 'utf8');
  const secret = randomBytes(32);

  const accuracyResults = [];
  let plainLeft: PackedFilters | null = null;
  let plainRight: PackedFilters | null = null;
  for (const c of CONFIGS) {
    const schema = parseLinkageSchema({ ...schemaJson, clkConfig: { ...schemaJson.clkConfig, ...c.patch } });
    const t0 = performance.now();
    const fa = encodeCsv(schema, secret, csvA);
    const fb = encodeCsv(schema, secret, csvB);
    const encodeSeconds = (performance.now() - t0) / 1000;
    const A = packFilters(readClkFile(fa).filters, fa.bits);
    const B = packFilters(readClkFile(fb).filters, fb.bits);
    if (!plainLeft) [plainLeft, plainRight] = [A, B];
    const candidates = await matchAllPairs(A, B, c.threshold);
    const links = greedyOneToOne(candidates);
    const same = (l: string, r: string) => febrlEntity(l) === febrlEntity(r);
    const linked = accuracy(
      links.map((k) => [fa.ids[k.left]!, fb.ids[k.right]!] as const),
      same,
      5000,
    );
    const rawPairs = accuracy(
      Array.from(candidates.left, (l, k) => [fa.ids[l]!, fb.ids[candidates.right[k]!]!] as const),
      same,
      5000,
    );
    // Partial overlap: only the 4b records of even entity numbers, so half of 4a has no partner to be wrongly
    // linked to (FEBRL 4 alone has a partner for every record, which flatters a one-to-one solver).
    const halfB = [
      csvB.split('\n')[0],
      ...csvB
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() && Number(/rec-(\d+)/.exec(l)?.[1]) % 2 === 0),
    ].join('\n');
    const fh = encodeCsv(schema, secret, halfB);
    const H = packFilters(readClkFile(fh).filters, fh.bits);
    const halfLinks = greedyOneToOne(await matchAllPairs(A, H, c.threshold));
    const partialOverlap = accuracy(
      halfLinks.map((k) => [fa.ids[k.left]!, fh.ids[k.right]!] as const),
      same,
      fh.ids.length,
    );
    accuracyResults.push({
      config: c.name,
      partialOverlap,
      threshold: c.threshold,
      encodeSeconds,
      candidates: candidates.left.length,
      greedy: linked,
      candidatesOnly: rawPairs,
    });
    log(
      `${c.name} at Dice >= ${c.threshold}: precision ${linked.precision.toFixed(4)}, recall ${linked.recall.toFixed(4)}, F1 ${linked.f1.toFixed(4)} (${candidates.left.length} candidate pairs; encoding 10,000 records ${encodeSeconds.toFixed(2)} s)`,
    );
    log(
      `  half of 4b only (2,500 of 5,000 records of 4a without a partner): precision ${partialOverlap.precision.toFixed(4)}, recall ${partialOverlap.recall.toFixed(4)}`,
    );
  }

  // Throughput on the plain encodings, repeated: the same bits as the real data, at any size.
  const L = repeatTo(plainLeft!, rows);
  const R = repeatTo(plainRight!, rows);
  const Ls = repeatTo(plainLeft!, baselineRows);
  const Rs = repeatTo(plainRight!, baselineRows);
  const t = 0.8;
  const kernels = [
    { name: 'WebAssembly i64.popcnt, all cores', n: rows, run: () => matchAllPairs(L, R, t) },
    { name: 'WebAssembly i64.popcnt, 1 thread', n: rows, run: () => matchAllPairs(L, R, t, { threads: 0 }) },
    { name: 'WebAssembly SIMD i8x16.popcnt, 1 thread', n: baselineRows, run: () => matchWithWasm(Ls, Rs, t, 'simd') },
    { name: 'JavaScript SWAR 32-bit, 1 thread', n: baselineRows, run: () => matchWithSwar(Ls, Rs, t) },
    { name: 'baseline: per-byte table, 1 thread', n: baselineRows, run: () => matchWithByteTable(Ls, Rs, t) },
  ];
  // One warm-up of each (JIT, WebAssembly tier-up), then `runs` timed rounds, kernels interleaved.
  matchWithWasm(Ls, Rs, t);
  for (const k of kernels) await k.run();
  const samples = new Map<string, number[]>(kernels.map((k) => [k.name, []]));
  const cpuSamples = new Map<string, number[]>(kernels.map((k) => [k.name, []]));
  for (let r = 0; r < runs; r++)
    for (const k of kernels) {
      const { seconds, cpuSeconds } = await timed(k.run);
      samples.get(k.name)!.push((k.n * k.n) / seconds);
      cpuSamples.get(k.name)!.push((k.n * k.n) / cpuSeconds);
    }
  const baselineName = kernels[kernels.length - 1]!.name;
  const baseline = spread(samples.get(baselineName)!);
  const throughput = kernels.map((k) => {
    const s: Spread = spread(samples.get(k.name)!);
    return {
      kernel: k.name,
      rowsPerSide: k.n,
      comparisonsPerSecond: s,
      // Per CPU-second of the whole process: what one core delivers when it is not shared (on a busy machine the
      // wall-clock figure mostly measures the other load).
      comparisonsPerCpuSecond: spread(cpuSamples.get(k.name)!),
      ratioToBaseline: s.median / baseline.median,
    };
  });
  const m = (x: number) => `${(x / 1e6).toFixed(1)}`;
  log(`\nDice comparisons per second (millions), ${runs} runs, median (min–max), ratio to the baseline (wall clock):`);
  log('| kernel | rows per side | M comparisons/s (wall) | M comparisons per CPU-second | ratio (wall) |');
  log('|---|---|---|---|---|');
  for (const x of throughput)
    log(
      `| ${x.kernel} | ${x.rowsPerSide.toLocaleString('en-US')} | ${m(x.comparisonsPerSecond.median)} (${m(x.comparisonsPerSecond.min)}–${m(x.comparisonsPerSecond.max)}) | ${m(x.comparisonsPerCpuSecond.median)} (${m(x.comparisonsPerCpuSecond.min)}–${m(x.comparisonsPerCpuSecond.max)}) | ${x.ratioToBaseline.toFixed(1)} |`,
    );
  log(
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.availableParallelism()} CPUs`,
  );

  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const out = path.join(resultsDir, `linkage-pprl-${stamp}.json`);
  fs.writeFileSync(
    out,
    `${JSON.stringify(
      {
        benchmark: 'linkage-pprl',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { rows, baselineRows, runs },
        machine: {
          cpus: os.availableParallelism(),
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          loadAverageAtEnd: os.loadavg(),
        },
        accuracy: accuracyResults,
        throughput,
      },
      null,
      2,
    )}\n`,
  );
  log(`\nResults: ${path.relative(process.cwd(), out)}`);
}
