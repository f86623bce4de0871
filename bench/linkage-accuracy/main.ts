// `npm run bench -- linkage-accuracy [--threshold P] [--data DIR]`: accuracy of the linkage engine, unsupervised
// (labels only for evaluation), at the default threshold: FEBRL 1 and 2 (dedupe; truth from rec_id), splink
// fake_1000 (dedupe; truth from its labels file) and FEBRL 4a<->4b (link). Fields and kinds are inferred from the
// column names as `corridor linkage dedupe` does, except fake_1000's `cluster` column (the truth) which is left
// out. Results: bench/results/linkage-accuracy-<time>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type Accuracy,
  accuracyOf,
  crossPairs,
  febrlEntity,
  pairSet,
  pairsOfEntities,
} from '@corridor/server/src/linkage/engine/evaluate.ts';
import { DEFAULT_THRESHOLD, dedupe, link } from '@corridor/server/src/linkage/engine/linkage.ts';
import { fieldSpecs, readRecordFile } from '@corridor/server/src/linkage/engine/table-file.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');

type Row = { data: string; task: string; records: number; candidates: number; seconds: number } & Accuracy;

/** Runs the benchmark. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      threshold: { type: 'string' },
      data: { type: 'string', default: path.resolve(here, '../../../shared/data/linkage') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('npm run bench -- linkage-accuracy [--threshold 0.9] [--data ../shared/data/linkage]\n');
    return;
  }
  const threshold = values.threshold ? Number(values.threshold) : DEFAULT_THRESHOLD;
  const dir = values.data!;
  const rows: Row[] = [];
  const timed = async <T>(fn: () => Promise<T>) => {
    const t = performance.now();
    const r = await fn();
    return { r, seconds: (performance.now() - t) / 1000 };
  };
  for (const name of ['dataset1', 'dataset2']) {
    const { table, header } = readRecordFile(path.join(dir, 'febrl', `${name}.csv`), 'rec_id');
    const { r, seconds } = await timed(() => dedupe(table, { fields: fieldSpecs(header, 'rec_id'), threshold }));
    const acc = accuracyOf(r.pairs, pairsOfEntities(table.ids, febrlEntity));
    rows.push({
      data: `FEBRL ${name}`,
      task: 'dedupe',
      records: table.ids.length,
      candidates: r.stats.candidates,
      seconds,
      ...acc,
    });
  }
  {
    const { table, header } = readRecordFile(path.join(dir, 'splink', 'fake_1000.csv'), 'unique_id');
    const labels = fs
      .readFileSync(path.join(dir, 'splink', 'fake_1000_labels.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => Number(c[4]) >= 0.5)
      .map((c) => [c[0]!, c[2]!] as const);
    const fields = fieldSpecs(header, 'unique_id', 'first_name,surname,dob,city,email');
    const { r, seconds } = await timed(() => dedupe(table, { fields, threshold }));
    rows.push({
      data: 'splink fake_1000',
      task: 'dedupe',
      records: table.ids.length,
      candidates: r.stats.candidates,
      seconds,
      ...accuracyOf(r.pairs, pairSet(labels)),
    });
  }
  {
    const l = readRecordFile(path.join(dir, 'febrl', 'dataset4a.csv'), 'rec_id');
    const rt = readRecordFile(path.join(dir, 'febrl', 'dataset4b.csv'), 'rec_id');
    const { r, seconds } = await timed(() =>
      link(l.table, rt.table, { fields: fieldSpecs(l.header, 'rec_id'), threshold }),
    );
    const acc = accuracyOf(r.pairs, crossPairs(l.table.ids, rt.table.ids, febrlEntity));
    rows.push({
      data: 'FEBRL 4a<->4b',
      task: 'link',
      records: l.table.ids.length + rt.table.ids.length,
      candidates: r.stats.candidates,
      seconds,
      ...acc,
    });
  }
  const lines = [
    `Threshold: match probability >= ${threshold}. Unsupervised: m and u by EM and random pairs; labels only for scoring.`,
    '',
    '| Data | Task | Records | Candidate pairs | True pairs | Proposed | Precision | Recall | F1 | Seconds |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (x) =>
        `| ${x.data} | ${x.task} | ${x.records} | ${x.candidates} | ${x.truePairs} | ${x.proposed} | ${x.precision.toFixed(4)} | ${x.recall.toFixed(4)} | ${x.f1.toFixed(4)} | ${x.seconds.toFixed(2)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  fs.writeFileSync(
    path.join(resultsDir, `linkage-accuracy-${stamp}.json`),
    JSON.stringify({ threshold, rows, load: os.loadavg() }, null, 2),
  );
}
