// `npm run bench -- case-page`: latency of reading one case, and of the whole case page, under a constant open-loop
// load (issue 3: p95 below 20 ms for reading one case at 200 requests per second). The data is loaded through
// Corridor's own import and API (setup.ts), the server runs as in production (`corridor serve`), and the load comes
// from another process (load.ts), as a signed-in caseworker who may read the cases. Every server, set-up and load
// generator runs in a child process of its own.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllNow, run, start, stopAll, type Tracked, waitForOutput } from '../http/processes.ts';
import { ms, type Spread, spread } from '../http/stats.ts';
import { type LoadOptions, type LoadResult, pageCalls } from './load.ts';
import type { Loaded } from './setup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.resolve(here, '../results');
const node = process.execPath;

/** The issue's target: p95 of reading one case below this, at 200 requests per second. */
const TARGET_P95_MS = 20;

type Options = {
  people: number;
  rich: number;
  rate: number;
  duration: number;
  runs: number;
  warmup: number;
  pg: string | undefined;
  sqlite: boolean;
  sqliteSynchronous: 'FULL' | 'NORMAL';
};

const USAGE = `Usage: npm run bench -- case-page [options]

Reads cases as a signed-in caseworker at a constant rate (open loop): GET /api/cases/:id alone, then every call
of the case page at once, on the embedded SQLite database and, with --pg, on PostgreSQL.

Options:
  --people N     people, each with a protection case and a service, loaded by the bulk import (default 10000)
  --rich N       of them, people given a second case of another type with services, notes, assessments,
                 plan items and tasks through the API; these are the cases read (default 500)
  --rate R       requests per second in all (default 200; a page counts for each of its calls)
  --duration S   seconds per measured run (default 20)
  --runs N       measured runs per scenario, interleaved (default 3)
  --warmup S     seconds of load before the first run of each scenario (default 5; 0 for none)
  --pg URL       also measure on this PostgreSQL database (a schema of its own is created and dropped)
  --no-sqlite    only PostgreSQL
  --sqlite-synchronous FULL|NORMAL
                 the SQLite server's CORRIDOR_SQLITE_SYNCHRONOUS (default FULL, Corridor's default: every commit,
                 audit entries of sensitive reads included, is flushed to disk before the answer)
  --help         this text`;

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      people: { type: 'string', default: '10000' },
      rich: { type: 'string', default: '500' },
      rate: { type: 'string', default: '200' },
      duration: { type: 'string', default: '20' },
      runs: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '5' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      'sqlite-synchronous': { type: 'string', default: 'FULL' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const count = (name: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min}, not ${raw}`);
    return n;
  };
  const sync = values['sqlite-synchronous'];
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('--sqlite-synchronous must be FULL or NORMAL');
  if (values.pg !== undefined && !/^postgres(ql)?:\/\//.test(values.pg)) {
    throw new Error('--pg must be a postgres:// or postgresql:// URL');
  }
  const o: Options = {
    people: count('people', values.people, 1),
    rich: count('rich', values.rich, 1),
    rate: count('rate', values.rate, 1),
    duration: count('duration', values.duration, 1),
    runs: count('runs', values.runs, 1),
    warmup: count('warmup', values.warmup, 0),
    pg: values.pg,
    sqlite: !values['no-sqlite'],
    sqliteSynchronous: sync,
  };
  if (o.rich > o.people) throw new Error('--rich cannot be more than --people');
  if (!o.sqlite && !o.pg) throw new Error('--no-sqlite needs --pg');
  return o;
}

const log = (s = '') => process.stdout.write(`${s}\n`);

// ---- clean-up: runs once, on success, failure, Ctrl-C or SIGTERM -------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`clean-up step failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  })();
  return cleaning;
}

function installSignalHandlers(): void {
  let aborting = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (aborting) return;
      aborting = true;
      process.stderr.write(`\n${signal}: stopping the servers and the load generator…\n`);
      void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', killAllNow);
}

/** The environment of a child: ours without any Corridor setting, plus the given ones. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(CORRIDOR_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** A PostgreSQL URL whose connections use `schema` first. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

// ---- one engine -------------------------------------------------------------------------------------------------

type Scenario = LoadOptions['scenario'];
type RunSample = {
  round: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  requestP95: number;
  achievedRps: number;
  failures: Record<string, number>;
  worstSendLagMs: number;
};
type EngineResult = {
  engine: string;
  setupSeconds: number;
  samples: Record<Scenario, RunSample[]>;
};

const pct = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;

async function loadRun(
  server: { baseUrl: string; process: Tracked },
  loaded: Loaded,
  scenario: Scenario,
  opts: Options,
  seconds: number,
  seed: number,
): Promise<LoadResult> {
  const o: LoadOptions = {
    baseUrl: server.baseUrl,
    cookie: loaded.cookie,
    scenario,
    rate: opts.rate,
    seconds,
    cases: loaded.cases,
    seed,
  };
  const out = await run(
    `load ${scenario}`,
    node,
    ['--import', 'tsx', path.join(here, 'load.ts'), JSON.stringify(o)],
    childEnv({}),
    repoRoot,
  );
  if (server.process.exit !== undefined) {
    throw new Error(`the server exited (${server.process.exit}):\n${server.process.tail()}`);
  }
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as LoadResult;
}

async function measureEngine(
  engine: EngineResult['engine'],
  env: NodeJS.ProcessEnv,
  setupEnv: NodeJS.ProcessEnv,
  opts: Options,
): Promise<EngineResult> {
  log(`\n${engine}: loading ${opts.people} people and cases, ${opts.rich} of them with a full record…`);
  const t0 = Date.now();
  const setup = start(
    `${engine} set-up`,
    node,
    ['--import', 'tsx', path.join(here, 'setup.ts'), String(opts.people), String(opts.rich)],
    setupEnv,
    repoRoot,
  );
  setup.child.stderr?.on('data', (d: Buffer) => process.stdout.write(d));
  const code = await setup.exited;
  if (code !== 0) throw new Error(`${engine} set-up failed (${code}):\n${setup.tail()}`);
  const loaded = JSON.parse(setup.stdout().trim().split('\n').at(-1) ?? '') as Loaded;
  const setupSeconds = (Date.now() - t0) / 1000;
  log(`  loaded in ${setupSeconds.toFixed(0)} s`);

  const proc = start(`Corridor (${engine})`, node, ['apps/server/bin/corridor.js', 'serve'], env, repoRoot);
  const m = await waitForOutput(proc, /Corridor is running at (\S+)/, 60_000);
  const server = { baseUrl: `http://127.0.0.1:${new URL(m[1]!).port}`, process: proc };

  // Every call of the page answers 200 for this caseworker, or the figures would measure errors.
  for (const p of pageCalls(loaded.cases[0]!)) {
    const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie: loaded.cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${engine}: GET ${p} answered ${res.status}: ${body}`);
  }

  const samples: EngineResult['samples'] = { case: [], page: [] };
  const scenarios: Scenario[] = ['case', 'page'];
  if (opts.warmup > 0) {
    for (const s of scenarios) {
      log(`  warm-up ${s}`);
      await loadRun(server, loaded, s, opts, opts.warmup, 1);
    }
  }
  for (let round = 1; round <= opts.runs; round++) {
    const order = round % 2 === 1 ? scenarios : [...scenarios].reverse();
    for (const s of order) {
      const r = await loadRun(server, loaded, s, opts, opts.duration, 100 + round);
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const reqSorted = [...r.requestLatencies].sort((a, b) => a - b);
      const sample: RunSample = {
        round,
        p50: pct(sorted, 0.5),
        p95: pct(sorted, 0.95),
        p99: pct(sorted, 0.99),
        max: sorted.at(-1) ?? Number.NaN,
        requestP95: pct(reqSorted, 0.95),
        achievedRps: r.requests / r.wallSeconds,
        failures: r.failures,
        worstSendLagMs: r.worstSendLagMs,
      };
      samples[s].push(sample);
      const failed = Object.values(r.failures).reduce((a, b) => a + b, 0);
      log(
        `  round ${round}/${opts.runs} ${s.padEnd(4)}  ${r.arrivals} arrivals, ${r.requests} requests, ${sample.achievedRps.toFixed(0)} req/s  p50 ${ms(sample.p50)} ms  p95 ${ms(sample.p95)} ms  p99 ${ms(sample.p99)} ms  max ${ms(sample.max)} ms${failed ? `  FAILED ${JSON.stringify(r.failures)}` : ''}`,
      );
    }
  }
  return { engine, setupSeconds, samples };
}

// ---- report -----------------------------------------------------------------------------------------------------

const range = (s: Spread) => `${ms(s.min)}–${ms(s.max)}`;

function markdown(results: readonly EngineResult[], opts: Options): string {
  const calls = pageCalls({ id: ':id', personId: ':person' }).length;
  const rows: string[] = [];
  const verdicts: string[] = [];
  for (const r of results) {
    for (const s of ['case', 'page'] as const) {
      const xs = r.samples[s];
      const p50 = spread(xs.map((x) => x.p50));
      const p95 = spread(xs.map((x) => x.p95));
      const p99 = spread(xs.map((x) => x.p99));
      const rps = spread(xs.map((x) => x.achievedRps));
      const failed = xs.reduce((n, x) => n + Object.values(x.failures).reduce((a, b) => a + b, 0), 0);
      const what =
        s === 'case'
          ? 'GET /api/cases/:id'
          : `case page (${calls} calls at once; ${(opts.rate / calls).toFixed(1)} pages/s)`;
      rows.push(
        `| ${r.engine} | ${what} | ${rps.median.toFixed(0)} | ${ms(p50.median)} (${range(p50)}) | ${ms(p95.median)} (${range(p95)}) | ${ms(p99.median)} (${range(p99)}) | ${failed} |`,
      );
      if (s === 'case') {
        verdicts.push(
          `| ${r.engine} | ${ms(p95.median)} ms (${range(p95)}) | ${p95.max < TARGET_P95_MS ? 'met in every run' : p95.median < TARGET_P95_MS ? 'met in the median, not in every run' : 'NOT met'} |`,
        );
      }
    }
  }
  return [
    `${opts.runs} interleaved runs of ${opts.duration} s per scenario at ${opts.rate} requests/s (open loop), after ${opts.warmup} s of warm-up; ${opts.people} people, ${opts.rich} rich cases read at random.`,
    '',
    '| Engine | What | Requests/s achieved | p50 ms: median (min–max) | p95 ms | p99 ms | Failed requests |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...rows,
    '',
    `| Engine | p95 of GET /api/cases/:id at ${opts.rate} req/s: median (min–max) | Target: p95 < ${TARGET_P95_MS} ms |`,
    '|---|--:|---|',
    ...verdicts,
  ].join('\n');
}

async function benchmark(opts: Options): Promise<void> {
  const startedAt = new Date();
  const loadStart = os.loadavg();
  log(
    `Case-page benchmark: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadStart.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-case-bench-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const base = {
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    CORRIDOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CORRIDOR_DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
  };
  const results: EngineResult[] = [];

  if (opts.sqlite) {
    const env = {
      ...base,
      CORRIDOR_DATA_DIR: path.join(tmp, 'sqlite'),
      CORRIDOR_SQLITE_SYNCHRONOUS: opts.sqliteSynchronous,
    };
    const label = opts.sqliteSynchronous === 'FULL' ? 'SQLite' : `SQLite (synchronous=${opts.sqliteSynchronous})`;
    // Loading does not need every commit on disk; the server then runs with --sqlite-synchronous (default FULL).
    results.push(
      await measureEngine(label, childEnv(env), childEnv({ ...env, CORRIDOR_SQLITE_SYNCHRONOUS: 'NORMAL' }), opts),
    );
    await stopAll();
  }
  if (opts.pg) {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const pgEnv = childEnv({ BENCH_PG_URL: opts.pg });
    const schemaScript = path.join(here, '../http/setup.ts');
    await run('create schema', node, ['--import', 'tsx', schemaScript, 'create-schema', schema], pgEnv, repoRoot);
    cleanups.push(async () => {
      await run('drop schema', node, ['--import', 'tsx', schemaScript, 'drop-schema', schema], pgEnv, repoRoot);
    });
    const env = childEnv({
      ...base,
      CORRIDOR_DATA_DIR: path.join(tmp, 'pg'),
      DATABASE_URL: withSearchPath(opts.pg, schema),
    });
    results.push(await measureEngine('PostgreSQL', env, env, opts));
    await stopAll();
  }

  const table = markdown(results, opts);
  log(`\n${table}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = path.join(resultsDir, `case-page-${stamp}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'case-page',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { ...opts, pg: opts.pg ? '(given)' : undefined },
        machine: {
          cpus: os.availableParallelism(),
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          loadAverageAtStart: loadStart,
          loadAverageAtEnd: os.loadavg(),
        },
        pageCalls: pageCalls({ id: ':id', personId: ':person' }),
        results,
        targetP95Ms: TARGET_P95_MS,
        markdown: table,
      },
      null,
      2,
    )}\n`,
  );
  log(
    `Raw results: ${path.relative(repoRoot, file)}; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
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
  installSignalHandlers();
  try {
    await benchmark(opts);
  } finally {
    await cleanup();
  }
}
