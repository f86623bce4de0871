// `npm run bench -- http`: HTTP throughput of Corridor against a bare Fastify server (the ceiling), for an anonymous
// health check and an authenticated user read. Every server and every load generator runs in a child process of
// its own; this process only orchestrates, so it never competes with them for the event loop.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllNow, run, start, stopAll, type Tracked, waitForOutput } from './processes.ts';
import type { Prepared } from './setup.ts';
import { int, ms, percent, type Spread, spread } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.resolve(here, '../results');
const autocannonBin = createRequire(import.meta.url).resolve('autocannon');
const node = process.execPath;

/** The issue's target: the authenticated read keeps at least this share of the bare server's throughput. */
const USER_READ_TARGET = 0.4;

type Options = {
  runs: number;
  duration: number;
  warmup: number;
  connections: number;
  pg: string | undefined;
  floor: boolean;
};
type ServerId = 'bare' | 'floor' | 'corridor-sqlite' | 'corridor-pg';
type Route = 'health' | 'user';
type Server = { id: ServerId; label: string; baseUrl: string; process: Tracked };
type Target = { server: Server; route: Route; url: string; headers: Record<string, string> };
type Sample = { round: number; rps: number; total: number; p50: number; p99: number; errors: number; timeouts: number };
type Summary = { rps: Spread; p50: number; p99: number; meanLatencyMs: number };
/** A server's throughput against another's (`of`: the bare server, or the floor server for Corridor on SQLite). */
type Ratio = { route: Route; server: ServerId; of: ServerId; ofMedians: number; perRound: Spread };

const USAGE = `Usage: npm run bench -- http [options]

Corridor against a bare Fastify server: GET /api/health (anonymous) and GET /api/users/:id (API token).
Also measured: the floor server (bench/http/floor-server.ts), which does only what the rules require of an
authenticated read (the token and the user read from Corridor's SQLite database on every request, the security
headers), so the gap between bare and floor is the rules' cost and the gap between floor and Corridor is Corridor's.

Options:
  --runs N         measured runs per target, interleaved (default 5)
  --duration S     seconds per measured run (default 10)
  --warmup S       seconds of warm-up per target before the first round (default 3; 0 for none)
  --connections C  concurrent connections (default 10)
  --pg URL         also run Corridor on this PostgreSQL database (a schema of its own is created and dropped)
  --no-floor       leave the floor server out
  --help           this text`;

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      pg: { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
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
  if (values.pg !== undefined && !/^postgres(ql)?:\/\//.test(values.pg)) {
    throw new Error('--pg must be a postgres:// or postgresql:// URL');
  }
  return {
    runs: count('runs', values.runs, 1),
    duration: count('duration', values.duration, 1),
    warmup: count('warmup', values.warmup, 0),
    connections: count('connections', values.connections, 1),
    pg: values.pg,
    floor: !values['no-floor'],
  };
}

const log = (s = '') => process.stdout.write(`${s}\n`);

// ---- clean-up: runs once, on success, failure, Ctrl-C or SIGTERM -------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
let aborting = false;

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
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (aborting) return;
      aborting = true;
      process.stderr.write(`\n${signal}: stopping the servers and the load generator…\n`);
      void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  // Whatever happens, no child outlives this process.
  process.on('exit', killAllNow);
}

// ---- servers ----------------------------------------------------------------------------------------------------

/** The environment of a child: ours without any Corridor setting, plus the given ones. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(CORRIDOR_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

const setupScript = path.join(here, 'setup.ts');

async function prepareAndStartCorridor(
  id: ServerId,
  label: string,
  env: NodeJS.ProcessEnv,
): Promise<{ server: Server; prepared: Prepared }> {
  const out = await run(`${label} setup`, node, ['--import', 'tsx', setupScript, 'prepare'], env, repoRoot);
  const prepared = JSON.parse(out.trim().split('\n').at(-1) ?? '') as Prepared;
  const proc = start(label, node, ['apps/server/bin/corridor.js', 'serve'], env, repoRoot);
  const m = await waitForOutput(proc, /Corridor is running at (\S+)/, 60_000);
  const port = new URL(m[1]!).port;
  return { server: { id, label, baseUrl: `http://127.0.0.1:${port}`, process: proc }, prepared };
}

async function startBare(): Promise<Server> {
  const env = childEnv({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' });
  const proc = start('bare Fastify', node, ['--import', 'tsx', path.join(here, 'bare-server.ts')], env, repoRoot);
  const m = await waitForOutput(proc, /listening on (\S+)/, 30_000);
  return { id: 'bare', label: 'bare Fastify', baseUrl: `http://127.0.0.1:${new URL(m[1]!).port}`, process: proc };
}

/** The floor server on Corridor's SQLite database file (read-only, alongside the running Corridor server). */
async function startFloor(sqliteFile: string): Promise<Server> {
  const env = childEnv({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', CORRIDOR_SQLITE_FILE: sqliteFile });
  const label = 'floor (rules only)';
  const proc = start(label, node, ['--import', 'tsx', path.join(here, 'floor-server.ts')], env, repoRoot);
  const m = await waitForOutput(proc, /listening on (\S+)/, 30_000);
  return { id: 'floor', label, baseUrl: `http://127.0.0.1:${new URL(m[1]!).port}`, process: proc };
}

/** A PostgreSQL URL whose connections use `schema` first. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

// ---- load -------------------------------------------------------------------------------------------------------

type AutocannonResult = {
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
};

/** One autocannon run against a target, in a process of its own. */
async function load(t: Target, seconds: number, connections: number): Promise<AutocannonResult> {
  const headerArgs = Object.entries(t.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = [autocannonBin, '-c', String(connections), '-d', String(seconds), '-j', '-n', ...headerArgs, t.url];
  const out = await run(`autocannon ${targetName(t)}`, node, args, childEnv({}), repoRoot);
  const r = JSON.parse(out) as AutocannonResult;
  if (r.non2xx > 0) {
    throw new Error(`${targetName(t)} answered non-2xx responses: ${JSON.stringify(r.statusCodeStats)}`);
  }
  const s = t.server;
  if (s.process.exit !== undefined) throw new Error(`${s.label} exited (${s.process.exit}):\n${s.process.tail()}`);
  return r;
}

const SERVER_LABELS: Record<ServerId, string> = {
  bare: 'bare Fastify',
  floor: 'floor (rules only)',
  'corridor-sqlite': 'Corridor (SQLite)',
  'corridor-pg': 'Corridor (PostgreSQL)',
};

const targetName = (t: Target) => `${t.server.label} ${t.route}`;

/** Approximate size of the response headers on the wire: `name: value\r\n` each, plus the status line. */
const headerBytes = (h: Headers) => [...h.entries()].reduce((n, [k, v]) => n + k.length + v.length + 4, 17);

type Check = { target: string; status: number; bodyBytes: number; headerBytes: number };

async function checkTarget(t: Target): Promise<Check> {
  const res = await fetch(t.url, { headers: t.headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${targetName(t)}: expected 200, got ${res.status} ${body}`);
  return {
    target: targetName(t),
    status: res.status,
    bodyBytes: Buffer.byteLength(body),
    headerBytes: headerBytes(res.headers),
  };
}

// ---- report -----------------------------------------------------------------------------------------------------

function summarise(samples: readonly Sample[], connections: number): Summary {
  const rps = spread(samples.map((s) => s.rps));
  return {
    rps,
    p50: spread(samples.map((s) => s.p50)).median,
    p99: spread(samples.map((s) => s.p99)).median,
    meanLatencyMs: (connections / rps.median) * 1000,
  };
}

function markdown(
  targets: readonly Target[],
  summaries: Map<Target, Summary>,
  ratios: readonly Ratio[],
  opts: Options,
): string {
  const ratioOf = (t: Target) => ratios.find((r) => r.route === t.route && r.server === t.server.id && r.of === 'bare');
  const rows = targets.map((t) => {
    const s = summaries.get(t)!;
    const r = ratioOf(t);
    return `| ${t.route === 'health' ? 'GET /api/health' : 'GET /api/users/:id'} | ${t.server.label} | ${int(s.rps.median)} | ${int(s.rps.min)}–${int(s.rps.max)} | ${int(s.rps.q1)}–${int(s.rps.q3)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.meanLatencyMs)} | ${r ? percent(r.ofMedians) : '—'} |`;
  });
  const ratioRows = ratios.map((r) => {
    const judged = r.route === 'user' && r.of === 'bare' && r.server !== 'floor';
    const target = judged ? (r.ofMedians >= USER_READ_TARGET ? 'met (≥ 40%)' : 'NOT met (< 40%)') : '—';
    return `| ${r.route === 'health' ? 'GET /api/health' : 'GET /api/users/:id (API token)'} | ${SERVER_LABELS[r.server]} | ${SERVER_LABELS[r.of]} | ${percent(r.ofMedians)} | ${percent(r.perRound.median)} (${percent(r.perRound.min)}–${percent(r.perRound.max)}) | ${target} |`;
  });
  return [
    `${opts.runs} interleaved runs of ${opts.duration} s per target, ${opts.connections} connections, after ${opts.warmup} s of warm-up per target.`,
    '',
    '| Route | Server | Requests/s (median) | Min–max | IQR | p50 (ms) | p99 (ms) | Mean latency (ms) | Corridor ÷ bare |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
    '',
    '| Route | Server | Against | Throughput ratio (of medians) | Per-round ratio: median (min–max) | Target |',
    '|---|---|---|--:|--:|---|',
    ...ratioRows,
  ].join('\n');
}

// ---- the benchmark ----------------------------------------------------------------------------------------------

async function benchmark(opts: Options): Promise<void> {
  const startedAt = new Date();
  const loadStart = os.loadavg();
  const loadavg = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  log(
    `HTTP benchmark: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadavg(loadStart)}`,
  );

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const corridorBase = {
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    CORRIDOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CORRIDOR_DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
  };

  const servers: Server[] = [];
  const tokens = new Map<ServerId, Prepared>();

  log('Starting Corridor on SQLite (fresh data folder)…');
  const sqlite = await prepareAndStartCorridor(
    'corridor-sqlite',
    'Corridor (SQLite)',
    childEnv({ ...corridorBase, CORRIDOR_DATA_DIR: path.join(tmp, 'sqlite') }),
  );
  servers.push(sqlite.server);
  tokens.set('corridor-sqlite', sqlite.prepared);

  if (opts.pg) {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const pgEnv = childEnv({ BENCH_PG_URL: opts.pg });
    log(`Starting Corridor on PostgreSQL (schema ${schema})…`);
    await run('create schema', node, ['--import', 'tsx', setupScript, 'create-schema', schema], pgEnv, repoRoot);
    cleanups.push(async () => {
      await run('drop schema', node, ['--import', 'tsx', setupScript, 'drop-schema', schema], pgEnv, repoRoot);
    });
    const pg = await prepareAndStartCorridor(
      'corridor-pg',
      'Corridor (PostgreSQL)',
      childEnv({
        ...corridorBase,
        CORRIDOR_DATA_DIR: path.join(tmp, 'pg'),
        DATABASE_URL: withSearchPath(opts.pg, schema),
      }),
    );
    servers.push(pg.server);
    tokens.set('corridor-pg', pg.prepared);
  }

  log('Starting the bare Fastify server…');
  const bare = await startBare();
  servers.unshift(bare);
  if (opts.floor) {
    log('Starting the floor server on the SQLite database…');
    servers.splice(1, 0, await startFloor(path.join(tmp, 'sqlite', 'corridor.sqlite')));
  }

  // Health first, then the user read; within each, the bare server first.
  const targets: Target[] = [];
  for (const route of ['health', 'user'] as const) {
    for (const server of servers) {
      const prepared = tokens.get(server.id) ?? sqlite.prepared;
      targets.push({
        server,
        route,
        url: `${server.baseUrl}${route === 'health' ? '/api/health' : `/api/users/${prepared.userId}`}`,
        headers: route === 'user' && server.id !== 'bare' ? { authorization: `Bearer ${prepared.token}` } : {},
      });
    }
  }

  const checks: Check[] = [];
  for (const t of targets) checks.push(await checkTarget(t));
  log('\nResponses (one request each):');
  for (const c of checks)
    log(`  ${c.target.padEnd(32)} ${c.status}  body ${c.bodyBytes} B, headers ~${c.headerBytes} B`);
  const userBodies = new Set(checks.filter((c) => c.target.endsWith(' user')).map((c) => c.bodyBytes));
  if (userBodies.size !== 1) log('  Warning: the user responses differ in size between the servers.');

  const perRun = opts.duration + 1;
  const total = targets.length * (opts.warmup + (opts.warmup ? 1 : 0) + opts.runs * perRun);
  log(
    `\n${targets.length} targets × ${opts.runs} runs × ${opts.duration} s; about ${Math.ceil(total / 60)} min in all.`,
  );

  if (opts.warmup > 0) {
    for (const t of targets) {
      log(`warm-up     ${targetName(t)}`);
      await load(t, opts.warmup, opts.connections);
    }
  }

  const samples = new Map<Target, Sample[]>(targets.map((t) => [t, []]));
  for (let round = 1; round <= opts.runs; round++) {
    // Every other round runs the targets in reverse, so no target always follows the same one.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const t of order) {
      const r = await load(t, opts.duration, opts.connections);
      const s: Sample = {
        round,
        rps: r.requests.average,
        total: r.requests.total,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors,
        timeouts: r.timeouts,
      };
      samples.get(t)!.push(s);
      const note = s.errors || s.timeouts ? `  (${s.errors} errors, ${s.timeouts} timeouts)` : '';
      log(
        `round ${round}/${opts.runs}  ${targetName(t).padEnd(30)} ${int(s.rps).padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms${note}`,
      );
    }
  }

  const summaries = new Map<Target, Summary>(targets.map((t) => [t, summarise(samples.get(t)!, opts.connections)]));
  const ratios: Ratio[] = [];
  const against = (t: Target, of: ServerId) => {
    const base = targets.find((b) => b.server.id === of && b.route === t.route);
    if (!base) return;
    const mine = samples.get(t)!;
    const theirs = samples.get(base)!;
    ratios.push({
      route: t.route,
      server: t.server.id,
      of,
      ofMedians: summaries.get(t)!.rps.median / summaries.get(base)!.rps.median,
      perRound: spread(mine.map((s, i) => s.rps / theirs[i]!.rps)),
    });
  };
  for (const t of targets) if (t.server.id !== 'bare') against(t, 'bare');
  for (const t of targets) if (t.server.id === 'corridor-sqlite') against(t, 'floor');

  const table = markdown(targets, summaries, ratios, opts);
  log(`\n${table}\n`);

  const finishedAt = new Date();
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = path.join(resultsDir, `http-${stamp}.json`);
  const result = {
    benchmark: 'http',
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    options: { ...opts, pg: opts.pg ? '(given)' : undefined },
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model,
      memoryBytes: os.totalmem(),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadAverageAtStart: loadStart,
      loadAverageAtEnd: os.loadavg(),
    },
    responses: checks,
    targets: targets.map((t) => ({
      server: t.server.id,
      route: t.route,
      path: new URL(t.url).pathname,
      summary: summaries.get(t),
      samples: samples.get(t),
    })),
    ratios,
    userReadTarget: USER_READ_TARGET,
    markdown: table,
  };
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`Load average at the end: ${loadavg(os.loadavg())}`);
  log(`Results written to ${path.relative(process.cwd(), file)}`);
  for (const r of ratios.filter((x) => x.route === 'user' && x.of === 'bare')) {
    if (r.server === 'floor') {
      log(`floor: what the rules alone require keeps ${percent(r.ofMedians)} of the bare throughput.`);
      continue;
    }
    const verdict = r.ofMedians >= USER_READ_TARGET ? 'meets' : 'does NOT meet';
    log(
      `${r.server}: the authenticated read keeps ${percent(r.ofMedians)} of the bare throughput; ${verdict} the 40% target.`,
    );
  }
}

/** Entry point, called by bench/run.mjs with the arguments after `http`. */
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
  // `… | head` closes our standard output early: that is no reason to leave the servers running.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  installSignalHandlers();
  try {
    await benchmark(opts);
  } catch (err) {
    if (!aborting) {
      process.stderr.write(`\nThe benchmark failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!aborting) await cleanup();
  }
}
