// `npm run bench -- linkage-dedupe [--rows N] [--baseline-rows M] [--runs R] [--threads T]`: deduplicates N
// generated beneficiary records (generate.ts: another spelling, Arabic script, typos, swapped day and month,
// year-only dates, missing or mistyped passports) with the linkage engine, unsupervised, end to end (normalise,
// block, compare on worker threads, train, score), once per run. Beside it, on the first M records, the same
// engine the straightforward way (every record normalised on its own, no level cache, one thread) and the engine
// as used, interleaved, R runs each: their ratio is the speed-up measured in the same run. Precision and recall
// against the generator's truth are printed too. Results: bench/results/linkage-dedupe-<time>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dedupe, type LinkageResult } from '@corridor/server/src/linkage/engine/linkage.ts';
import type { FieldSpec } from '@corridor/server/src/linkage/engine/model.ts';
import { PERSON_BLOCKING, PERSON_FIELDS } from '@corridor/server/src/linkage/person-linkage.ts';
import { int, type Spread, spread } from '../http/stats.ts';
import { type GeneratedRecords, generateRecords } from './generate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');

/** The registry's own fields and blocking rules (apps/server/src/linkage/person-linkage.ts). */
export const FIELDS: FieldSpec[] = PERSON_FIELDS;

export const BLOCKING = PERSON_BLOCKING;

/** Precision and recall of the proposed pairs against the generator's truth. */
export function accuracy(g: GeneratedRecords, r: LinkageResult) {
  const index = new Map(g.table.ids.map((id, i) => [id, i]));
  let tp = 0;
  for (const p of r.pairs) if (g.entityOf[index.get(p.left)!] === g.entityOf[index.get(p.right)!]) tp++;
  const sizes = new Map<number, number>();
  for (const e of g.entityOf) sizes.set(e, (sizes.get(e) ?? 0) + 1);
  let truth = 0;
  for (const c of sizes.values()) truth += (c * (c - 1)) / 2;
  const precision = r.pairs.length ? tp / r.pairs.length : 0;
  const recall = truth ? tp / truth : 0;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), truePairs: truth };
}

function slice(g: GeneratedRecords, n: number): GeneratedRecords {
  const columns: Record<string, (string | null)[]> = {};
  for (const [k, v] of Object.entries(g.table.columns)) columns[k] = (v as (string | null)[]).slice(0, n);
  return { table: { ids: g.table.ids.slice(0, n), columns }, entityOf: g.entityOf.slice(0, n) };
}

async function timed(g: GeneratedRecords, straightforward: boolean, threads?: number) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = await dedupe(g.table, { fields: FIELDS, blocking: BLOCKING, straightforward, threads });
  const used = process.cpuUsage(cpu);
  // CPU seconds of every thread of the process: on a shared machine, what the run needed of the cores it got.
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, result: r };
}

const fmt = (s: Spread, d = 2) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;

/** Runs the benchmark. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      'baseline-rows': { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      threads: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- linkage-dedupe [--rows 1000000] [--baseline-rows 100000] [--runs 3] [--threads N]\n',
    );
    return;
  }
  const rows = Number(values.rows);
  const baselineRows = Math.min(rows, Number(values['baseline-rows']));
  const runs = Math.max(1, Number(values.runs));
  const threads = values.threads ? Number(values.threads) : undefined;
  const t0 = performance.now();
  const all = generateRecords(rows);
  process.stdout.write(`Generated ${int(rows)} records in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  // Speed-up against the straightforward way, on the first baselineRows records, interleaved.
  const small = slice(all, baselineRows);
  const base: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const sf of order) {
      const r = await timed(small, sf, threads);
      (sf ? base : ours).push(r.seconds);
      process.stdout.write(
        `  ${int(baselineRows)} records, ${sf ? 'straightforward' : 'engine'}: ${r.seconds.toFixed(2)} s\n`,
      );
    }
  }
  // The full size, once (at a million records a run takes most of a minute).
  const full = await timed(all, false, threads);
  const acc = accuracy(all, full.result);
  const b = spread(base);
  const o = spread(ours);
  const report = [
    `| Records | What | Seconds: median (min–max) | Candidate pairs | Precision | Recall | F1 |`,
    '|--:|---|--:|--:|--:|--:|--:|',
    `| ${int(baselineRows)} | straightforward (per-record normalisation, no cache, 1 thread), ${runs} runs | ${fmt(b)} | | | | |`,
    `| ${int(baselineRows)} | engine (dictionary, level cache, ${threads ?? os.availableParallelism()} threads), ${runs} runs | ${fmt(o)} | | | | |`,
    `| ${int(rows)} | engine, 1 run (CPU ${full.cpuSeconds.toFixed(1)} s on all threads) | ${full.seconds.toFixed(2)} | ${int(full.result.stats.candidates)} | ${acc.precision.toFixed(4)} | ${acc.recall.toFixed(4)} | ${acc.f1.toFixed(4)} |`,
    '',
    `Speed-up at ${int(baselineRows)} records (straightforward ÷ engine, medians): ${(b.median / o.median).toFixed(2)}x. ` +
      `Phases of the full run (ms): ${JSON.stringify(full.result.stats.milliseconds)}. Target: ${int(rows)} records in at most 60 s: ` +
      `${full.seconds <= 60 ? 'met' : 'NOT met'}.`,
  ].join('\n');
  process.stdout.write(`\n${report}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  fs.writeFileSync(
    path.join(resultsDir, `linkage-dedupe-${stamp}.json`),
    JSON.stringify(
      {
        rows,
        baselineRows,
        runs,
        straightforward: base,
        engine: ours,
        full: { seconds: full.seconds, cpuSeconds: full.cpuSeconds, stats: full.result.stats, accuracy: acc },
        load: os.loadavg(),
        cpus: os.availableParallelism(),
      },
      null,
      2,
    ),
  );
}
