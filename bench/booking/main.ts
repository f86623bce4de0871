// `npm run bench -- booking`: the figure of issue #6, "1,000 simultaneous requests for the last 10 slots of a centre
// give exactly 10 bookings", measured against a real Corridor server (a child process) on SQLite and, with --pg, on
// PostgreSQL. Each round fires N booking requests at once (each its own person and connection) at a fresh centre
// with exactly 10 seats, and counts the outcomes; the baseline, in the same round and on the same server, is the
// same burst of N requests to GET /api/health (the HTTP floor). Reports outcome counts, wall time of the burst and
// per-request latency (median and spread over rounds), and the ratio of the burst times.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllNow, run, start, stopAll, type Tracked, waitForOutput } from '../http/processes.ts';
import { ms, quantile, type Spread, spread } from '../http/stats.ts';
import type { PreparedBooking } from './setup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.resolve(here, '../results');
const node = process.execPath;

const USAGE = `Usage: npm run bench -- booking [options]

N simultaneous booking requests for the last 10 seats of a centre, against a Corridor server (SQLite, and
PostgreSQL with --pg); the baseline is the same burst of GET /api/health.

Options:
  --requests N   simultaneous requests per burst (default 1000)
  --runs R       measured rounds per engine (default 5)
  --pg URL       also run on this PostgreSQL database (a schema of its own is created and dropped)
  --help         this text`;

type Burst = { wallMs: number; latencies: number[]; statuses: Record<string, number> };
type Round = { round: number; booking: Burst; health: Burst; booked: number; full: number; other: number };

const log = (s: string) => process.stderr.write(`${s}\n`);

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(CORRIDOR_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Fires all requests at once (each on its own connection) and times each and the whole. */
async function burst(n: number, request: (i: number) => Promise<Response>): Promise<Burst> {
  const latencies: number[] = new Array(n);
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const s = performance.now();
      let key: string;
      try {
        const res = await request(i);
        const body = (await res.json().catch(() => ({}))) as { code?: string };
        key = res.status === 201 || res.status === 200 ? String(res.status) : `${res.status} ${body.code ?? ''}`.trim();
      } catch (err) {
        key = `network error (${err instanceof Error ? err.message : String(err)})`;
      }
      latencies[i] = performance.now() - s;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }),
  );
  return { wallMs: performance.now() - t0, latencies, statuses };
}

async function startCorridor(label: string, env: NodeJS.ProcessEnv, centres: number) {
  const out = await run(
    `${label} setup`,
    node,
    ['--import', 'tsx', path.join(here, 'setup.ts'), 'prepare', String(centres)],
    env,
    repoRoot,
  );
  const prepared = JSON.parse(out.trim().split('\n').at(-1) ?? '') as PreparedBooking;
  const proc: Tracked = start(label, node, ['apps/server/bin/corridor.js', 'serve'], env, repoRoot);
  const m = await waitForOutput(proc, /Corridor is running at (\S+)/, 60_000);
  return { baseUrl: `http://127.0.0.1:${new URL(m[1]!).port}`, prepared, proc };
}

async function measure(label: string, baseUrl: string, p: PreparedBooking, requests: number, runs: number) {
  const rounds: Round[] = [];
  // One warm-up burst of health checks, so the first round does not pay for the server's first requests.
  await burst(Math.min(requests, 100), () => fetch(`${baseUrl}/api/health`));
  for (let r = 1; r <= runs; r++) {
    const centreId = p.centreIds[r - 1]!;
    const salt = randomBytes(3).toString('hex');
    const booking = await burst(requests, (i) =>
      fetch(`${baseUrl}/api/centres/${centreId}/appointments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${p.token}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${salt}-${i}`,
          connection: 'close',
        },
        body: JSON.stringify({
          service: 'document_check',
          day: p.day,
          start: p.starts[i % p.starts.length],
          contact: { name: `Person ${i}`, phone: `+9647${String(r).padStart(2, '0')}${String(i).padStart(7, '0')}` },
        }),
      }),
    );
    const health = await burst(requests, () => fetch(`${baseUrl}/api/health`, { headers: { connection: 'close' } }));
    const booked = booking.statuses['201'] ?? 0;
    const full = booking.statuses['409 slot_full'] ?? 0;
    const round: Round = { round: r, booking, health, booked, full, other: requests - booked - full };
    rounds.push(round);
    log(
      `${label} round ${r}/${runs}: ${booked} booked, ${full} slot_full, ${round.other} other; burst ${ms(booking.wallMs)} ms (health burst ${ms(health.wallMs)} ms); latency p50 ${ms(quantile(booking.latencies, 0.5))} ms p99 ${ms(quantile(booking.latencies, 0.99))} ms`,
    );
    if (round.other) log(`  other outcomes: ${JSON.stringify(booking.statuses)}`);
  }
  return rounds;
}

type EngineSummary = {
  engine: string;
  rounds: number;
  exactlyTen: number;
  outcomes: Record<string, number>;
  burstMs: Spread;
  healthBurstMs: Spread;
  ratio: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
};

function summarise(engine: string, rounds: Round[]): EngineSummary {
  const outcomes: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.booking.statuses)) outcomes[k] = (outcomes[k] ?? 0) + v;
  return {
    engine,
    rounds: rounds.length,
    exactlyTen: rounds.filter((r) => r.booked === 10).length,
    outcomes,
    burstMs: spread(rounds.map((r) => r.booking.wallMs)),
    healthBurstMs: spread(rounds.map((r) => r.health.wallMs)),
    ratio: spread(rounds.map((r) => r.booking.wallMs / r.health.wallMs)),
    p50Ms: spread(rounds.map((r) => quantile(r.booking.latencies, 0.5))),
    p99Ms: spread(rounds.map((r) => quantile(r.booking.latencies, 0.99))),
  };
}

const range = (s: Spread) => `${ms(s.min)}–${ms(s.max)}`;

function markdown(summaries: EngineSummary[], requests: number): string {
  const rows = summaries.map(
    (s) =>
      `| ${s.engine} | ${s.exactlyTen}/${s.rounds} | ${Object.entries(s.outcomes)
        .map(([k, v]) => `${k}: ${v}`)
        .join(
          ', ',
        )} | ${ms(s.burstMs.median)} (${range(s.burstMs)}) | ${ms(s.healthBurstMs.median)} (${range(s.healthBurstMs)}) | ${s.ratio.median.toFixed(1)}× (${s.ratio.min.toFixed(1)}–${s.ratio.max.toFixed(1)}) | ${ms(s.p50Ms.median)} (${range(s.p50Ms)}) | ${ms(s.p99Ms.median)} (${range(s.p99Ms)}) |`,
  );
  return [
    `| engine | rounds with exactly 10 bookings | outcomes over all rounds (${requests} requests each) | burst wall time, ms: median (range) | baseline: same burst of GET /api/health, ms | ratio to baseline | per-request latency p50, ms: median (range) | p99, ms |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Runs the benchmark (called by bench/run.mjs with the arguments after the name). */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '5' },
      pg: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const requests = Number(values.requests);
  const runs = Number(values.runs);
  if (!Number.isInteger(requests) || requests < 11 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--requests must be an integer above 10 and --runs at least 1\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.on('exit', killAllNow);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-booking-'));
  const cleanups: (() => Promise<void> | void)[] = [() => fs.rmSync(tmp, { recursive: true, force: true })];
  const startedAt = new Date();
  log(
    `Booking benchmark: ${os.availableParallelism()} CPUs, Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const base = {
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'production',
    CORRIDOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CORRIDOR_DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
  };
  const summaries: EngineSummary[] = [];
  const allRounds: Record<string, Round[]> = {};
  try {
    const engines: { engine: string; env: NodeJS.ProcessEnv }[] = [
      { engine: 'SQLite', env: childEnv({ ...base, CORRIDOR_DATA_DIR: path.join(tmp, 'sqlite') }) },
    ];
    if (values.pg) {
      const schema = `bench_${randomBytes(6).toString('hex')}`;
      const pgEnv = childEnv({ BENCH_PG_URL: values.pg });
      const schemaScript = path.join(here, '../http/setup.ts');
      await run('create schema', node, ['--import', 'tsx', schemaScript, 'create-schema', schema], pgEnv, repoRoot);
      cleanups.push(async () => {
        await run('drop schema', node, ['--import', 'tsx', schemaScript, 'drop-schema', schema], pgEnv, repoRoot);
      });
      engines.push({
        engine: 'PostgreSQL',
        env: childEnv({
          ...base,
          CORRIDOR_DATA_DIR: path.join(tmp, 'pg'),
          DATABASE_URL: withSearchPath(values.pg, schema),
        }),
      });
    }
    for (const e of engines) {
      log(`Starting Corridor on ${e.engine}…`);
      const s = await startCorridor(`Corridor (${e.engine})`, e.env, runs);
      const rounds = await measure(e.engine, s.baseUrl, s.prepared, requests, runs);
      allRounds[e.engine] = rounds;
      summaries.push(summarise(e.engine, rounds));
      await stopAll();
    }
  } finally {
    await stopAll();
    for (const c of cleanups.reverse()) await c();
  }
  const table = markdown(summaries, requests);
  log(`\n${table}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = path.join(resultsDir, `booking-${stamp}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'booking',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { requests, runs, pg: values.pg ? '(given)' : undefined },
        machine: {
          cpus: os.availableParallelism(),
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          loadAverageAtEnd: os.loadavg(),
        },
        summaries,
        rounds: Object.fromEntries(
          Object.entries(allRounds).map(([k, rs]) => [
            k,
            rs.map((r) => ({
              round: r.round,
              booked: r.booked,
              full: r.full,
              other: r.other,
              statuses: r.booking.statuses,
              burstMs: r.booking.wallMs,
              healthBurstMs: r.health.wallMs,
              p50Ms: quantile(r.booking.latencies, 0.5),
              p99Ms: quantile(r.booking.latencies, 0.99),
            })),
          ]),
        ),
        markdown: table,
      },
      null,
      2,
    )}\n`,
  );
  log(`Results: ${path.relative(repoRoot, file)}`);
  if (summaries.some((s) => s.exactlyTen !== s.rounds)) {
    log('FAILED: a round did not give exactly 10 bookings.');
    process.exitCode = 1;
  }
}
