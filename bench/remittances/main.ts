// `npm run bench -- remittances`: the two figures of issue #6 on remittance prices.
//  1. import: import and compute SDG 10.c.1 over N generated RPW-format quotes (default 1,000,000), against a bare
//     parse of the same file in the same run (the floor). Each step runs in a fresh process on a fresh database;
//     the steps are interleaved run by run.
//  2. page: GET /public/remittances (a random corridor of 1,000, USD 200) at a fixed 500 requests/s from a second
//     process on loopback, against Corridor serving 1,000 corridors; p95 must stay at most 20 ms.
// SQLite always; PostgreSQL too with --pg URL (a schema of its own per database, dropped at the end).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllNow, run, start, stopAll, type Tracked, waitForOutput } from '../http/processes.ts';
import { ms, type Spread, spread } from '../http/stats.ts';
import { corridors, writeRpwFile } from './generate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.resolve(here, '../results');
const node = process.execPath;
const worker = path.join(here, 'worker.ts');
const setupScript = path.resolve(here, '../http/setup.ts');
const P95_TARGET_MS = 20;

type Options = {
  part: 'all' | 'import' | 'page';
  quotes: number;
  runs: number;
  rate: number;
  duration: number;
  pg: string | undefined;
  noSqlite: boolean;
};

const USAGE = `Usage: npm run bench -- remittances [options]

Options:
  --part all|import|page   which figure (default all)
  --quotes N               quotes in the generated file for the import figure (default 1000000)
  --runs N                 measured runs per step (default 3)
  --rate R                 requests per second of the page figure (default 500)
  --duration S             seconds per page run (default 20)
  --pg URL                 also measure on this PostgreSQL (schemas of its own, dropped at the end)
  --no-sqlite              with --pg: measure the import on PostgreSQL only`;

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      part: { type: 'string', default: 'all' },
      quotes: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      rate: { type: 'string', default: '500' },
      duration: { type: 'string', default: '20' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const n = (name: string, raw: string, min: number) => {
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer of at least ${min}`);
    return v;
  };
  if (!['all', 'import', 'page'].includes(values.part)) throw new Error('--part must be all, import or page');
  if (values.pg !== undefined && !/^postgres(ql)?:\/\//.test(values.pg)) throw new Error('--pg must be a postgres URL');
  return {
    part: values.part as Options['part'],
    quotes: n('quotes', values.quotes, 1000),
    runs: n('runs', values.runs, 1),
    rate: n('rate', values.rate, 1),
    duration: n('duration', values.duration, 1),
    pg: values.pg,
    noSqlite: values['no-sqlite'],
  };
}

const log = (s = '') => process.stdout.write(`${s}\n`);

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(CORRIDOR_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$|BENCH_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup() {
  await stopAll();
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      process.stderr.write(`clean-up step failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

async function newSchema(pg: string): Promise<string> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const env = childEnv({ BENCH_PG_URL: pg });
  await run('create schema', node, ['--import', 'tsx', setupScript, 'create-schema', schema], env, repoRoot);
  cleanups.push(async () => {
    await run('drop schema', node, ['--import', 'tsx', setupScript, 'drop-schema', schema], env, repoRoot);
  });
  return schema;
}

const json = (out: string) => JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
const heap = ['--max-old-space-size=12000', '--import', 'tsx'];

type ImportSample = { ms: number; importMs: number; computeMs: number; rows: number; exclusions: number };

async function importFigure(opts: Options, tmp: string) {
  const file = path.join(tmp, 'rpw.csv');
  const firms = 10;
  const nCorr = Math.min(1000, Math.max(1, Math.floor(opts.quotes / firms)));
  const quarters = Math.ceil(opts.quotes / (nCorr * firms));
  const rows = writeRpwFile(file, { corridors: nCorr, firms, quarters });
  const bytes = fs.statSync(file).size;
  log(
    `Generated ${rows.toLocaleString('en-US')} quotes (${nCorr} corridors x ${firms} services x ${quarters} quarters), ${(bytes / 1e6).toFixed(1)} MB`,
  );
  const engines: ('sqlite' | 'postgres')[] = opts.pg
    ? opts.noSqlite
      ? ['postgres']
      : ['sqlite', 'postgres']
    : ['sqlite'];
  const parse: number[] = [];
  const imports = new Map<string, ImportSample[]>(engines.map((e) => [e, []]));
  for (let r = 1; r <= opts.runs; r++) {
    const p = json(await run('parse', node, [...heap, worker, 'parse', file], childEnv({}), repoRoot));
    parse.push(p.ms);
    log(`run ${r}/${opts.runs}  bare parse                ${ms(p.ms)} ms`);
    for (const engine of engines) {
      const dir = fs.mkdtempSync(path.join(tmp, 'db-'));
      const env: Record<string, string> = { BENCH_DIR: dir };
      if (engine === 'postgres') {
        env.BENCH_PG_URL = opts.pg!;
        env.BENCH_PG_SCHEMA = await newSchema(opts.pg!);
      }
      const s = json(await run(`import ${engine}`, node, [...heap, worker, 'import', file], childEnv(env), repoRoot));
      imports.get(engine)!.push(s);
      fs.rmSync(dir, { recursive: true, force: true });
      log(
        `run ${r}/${opts.runs}  import + 10.c.1 (${engine.padEnd(8)}) ${ms(s.ms)} ms (import ${ms(s.importMs)}, 10.c.1 ${ms(s.computeMs)}; ${s.exclusions} exclusions)`,
      );
    }
  }
  const parseSpread = spread(parse);
  const out = engines.map((e) => {
    const samples = imports.get(e)!;
    const total = spread(samples.map((s) => s.ms));
    return {
      engine: e,
      total,
      import: spread(samples.map((s) => s.importMs)),
      compute: spread(samples.map((s) => s.computeMs)),
      ratioToParse: total.median / parseSpread.median,
      quotesPerSecond: rows / (total.median / 1000),
      exclusions: samples[0]?.exclusions,
      samples,
    };
  });
  return { rows, bytes, corridors: nCorr, quarters, parse: parseSpread, parseSamples: parse, engines: out };
}

async function startServer(label: string, env: NodeJS.ProcessEnv): Promise<{ base: string; proc: Tracked }> {
  const proc = start(label, node, ['apps/server/bin/corridor.js', 'serve'], env, repoRoot);
  const m = await waitForOutput(proc, /Corridor is running at (\S+)/, 60_000);
  return { base: `http://127.0.0.1:${new URL(m[1]!).port}`, proc };
}

async function pageFigure(opts: Options, tmp: string) {
  const file = path.join(tmp, 'page.csv');
  // 1,000 corridors x 8 services x 4 quarters: the page reads one corridor's quotes and history per request.
  const rows = writeRpwFile(file, { corridors: 1000, firms: 8, quarters: 4 });
  const paths = corridors(1000).map(([s, d]) => `/public/remittances?from=${s}&to=${d}&amount=200`);
  const pathsFile = path.join(tmp, 'paths.txt');
  // Shuffled, so consecutive requests hit different corridors.
  for (let i = paths.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [paths[i], paths[j]] = [paths[j]!, paths[i]!];
  }
  fs.writeFileSync(pathsFile, paths.join('\n'));
  const base = {
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    CORRIDOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CORRIDOR_DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    // One address sends every request here; the per-address limit (120 a minute by default) is lifted.
    CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
  };
  const servers: { engine: string; base: string }[] = [];
  {
    const env = childEnv({ ...base, CORRIDOR_DATA_DIR: path.join(tmp, 'page-sqlite') });
    await run('seed sqlite', node, [...heap, worker, 'seed-page', file], env, repoRoot);
    const s = await startServer('Corridor (SQLite)', env);
    servers.push({ engine: 'sqlite', base: s.base });
  }
  if (opts.pg) {
    const schema = await newSchema(opts.pg);
    const env = childEnv({
      ...base,
      CORRIDOR_DATA_DIR: path.join(tmp, 'page-pg'),
      DATABASE_URL: withSearchPath(opts.pg, schema),
    });
    await run('seed postgres', node, [...heap, worker, 'seed-page', file], env, repoRoot);
    const s = await startServer('Corridor (PostgreSQL)', env);
    servers.push({ engine: 'postgres', base: s.base });
  }
  const check = await fetch(`${servers[0]!.base}${paths[0]}`);
  const body = await check.text();
  if (check.status !== 200 || !body.includes('Firm 1'))
    throw new Error(`the page does not answer as expected: ${check.status}`);
  log(
    `Page: ${Buffer.byteLength(body)} bytes of HTML for one corridor; ${rows.toLocaleString('en-US')} quotes loaded.`,
  );
  const loadArgs = (b: string, seconds: number) => [
    '--import',
    'tsx',
    path.join(here, 'load.ts'),
    b,
    String(opts.rate),
    String(seconds),
    pathsFile,
  ];
  for (const s of servers) await run('warm-up', node, loadArgs(s.base, 3), childEnv({}), repoRoot);
  const samples = new Map<
    string,
    { p50: number; p95: number; p99: number; achievedRps: number; errors: number; non200: number }[]
  >(servers.map((s) => [s.engine, []]));
  for (let r = 1; r <= opts.runs; r++)
    for (const s of r % 2 ? servers : [...servers].reverse()) {
      const x = json(await run(`load ${s.engine}`, node, loadArgs(s.base, opts.duration), childEnv({}), repoRoot));
      samples.get(s.engine)!.push(x);
      log(
        `run ${r}/${opts.runs}  page (${s.engine.padEnd(8)}) ${x.achievedRps.toFixed(0)} req/s  p50 ${ms(x.p50)} ms  p95 ${ms(x.p95)} ms  p99 ${ms(x.p99)} ms  errors ${x.errors + x.non200}`,
      );
    }
  return servers.map((s) => {
    const xs = samples.get(s.engine)!;
    const p95: Spread = spread(xs.map((x) => x.p95));
    return {
      engine: s.engine,
      rate: opts.rate,
      p50: spread(xs.map((x) => x.p50)),
      p95,
      p99: spread(xs.map((x) => x.p99)),
      achievedRps: spread(xs.map((x) => x.achievedRps)),
      failures: xs.reduce((n, x) => n + x.errors + x.non200, 0),
      met: p95.median <= P95_TARGET_MS && xs.every((x) => x.errors + x.non200 === 0),
      samples: xs,
    };
  });
}

export async function main(argv: string[]): Promise<void> {
  let opts: Options | null;
  try {
    opts = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!opts) {
    log(USAGE);
    return;
  }
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      void cleanup().finally(() => process.exit(130));
    });
  const startedAt = new Date();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-remit-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  log(
    `Remittances benchmark: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  try {
    const importResult = opts.part === 'page' ? null : await importFigure(opts, tmp);
    const pageResult = opts.part === 'import' ? null : await pageFigure(opts, tmp);
    const lines: string[] = [];
    if (importResult) {
      const q = (s: Spread) =>
        `${(s.median / 1000).toFixed(1)} s (${(s.min / 1000).toFixed(1)}–${(s.max / 1000).toFixed(1)})`;
      lines.push(
        `Import + SDG 10.c.1 over ${importResult.rows.toLocaleString('en-US')} generated RPW quotes (${(importResult.bytes / 1e6).toFixed(0)} MB CSV), ${opts.runs} runs, median (min–max):`,
        '',
        '| step | engine | total | import | 10.c.1 | ÷ bare parse | quotes/s |',
        '|---|---|--:|--:|--:|--:|--:|',
        `| bare parse (csv-parse, the floor) | – | ${q(importResult.parse)} | – | – | 1.0 | ${Math.round(importResult.rows / (importResult.parse.median / 1000)).toLocaleString('en-US')} |`,
        ...importResult.engines.map(
          (e) =>
            `| import + compute | ${e.engine} | ${q(e.total)} | ${q(e.import)} | ${q(e.compute)} | ${e.ratioToParse.toFixed(1)} | ${Math.round(e.quotesPerSecond).toLocaleString('en-US')} |`,
        ),
      );
    }
    if (pageResult) {
      lines.push(
        '',
        `GET /public/remittances (1,000 corridors loaded, a different corridor each request, USD 200) at ${opts.rate} req/s for ${opts.duration} s from a second process on loopback, ${opts.runs} runs, median (min–max):`,
        '',
        '| engine | achieved req/s | p50 (ms) | p95 (ms) | p99 (ms) | failures | p95 ≤ 20 ms |',
        '|---|--:|--:|--:|--:|--:|---|',
        ...pageResult.map(
          (p) =>
            `| ${p.engine} | ${Math.round(p.achievedRps.median)} | ${ms(p.p50.median)} | ${ms(p.p95.median)} (${ms(p.p95.min)}–${ms(p.p95.max)}) | ${ms(p.p99.median)} | ${p.failures} | ${p.met ? 'met' : 'NOT met'} |`,
        ),
      );
    }
    const table = lines.join('\n');
    log(`\n${table}\n`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const out = path.join(resultsDir, `remittances-${stamp}.json`);
    fs.writeFileSync(
      out,
      `${JSON.stringify(
        {
          benchmark: 'remittances',
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          options: { ...opts, pg: opts.pg ? '(given)' : undefined },
          machine: {
            cpus: os.availableParallelism(),
            cpuModel: os.cpus()[0]?.model,
            node: process.version,
            loadAverageAtEnd: os.loadavg(),
          },
          import: importResult,
          page: pageResult,
          markdown: table,
        },
        null,
        2,
      )}\n`,
    );
    log(`Results written to ${path.relative(process.cwd(), out)}`);
  } catch (err) {
    process.stderr.write(`\nThe benchmark failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}
