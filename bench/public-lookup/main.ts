// `npm run bench -- public-lookup`: the public recruiter look-up figure of issue #6 — p95 at most 20 ms under
// 500 requests per second from a second process on loopback, with 10,000 recruiters loaded. Two targets: the HTML
// page workers use (/public/recruiters, Arabic) and the JSON API (/api/public/recruiters). SQLite always;
// PostgreSQL too with --pg URL (a schema of its own, dropped at the end). Runs are interleaved across targets.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllNow, run, start, stopAll, waitForOutput } from '../http/processes.ts';
import { ms, type Spread, spread } from '../http/stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.resolve(here, '../results');
const node = process.execPath;
const setupScript = path.resolve(here, '../http/setup.ts');
const P95_TARGET_MS = 20;

const USAGE = `Usage: npm run bench -- public-lookup [options]

Options:
  --recruiters N   recruiters loaded (default 10000)
  --rate R         requests per second, open loop (default 500)
  --duration S     seconds per run (default 10)
  --runs N         runs per target (default 3)
  --pg URL         also measure on this PostgreSQL (a schema of its own, dropped at the end)`;

type Options = { recruiters: number; rate: number; duration: number; runs: number; pg: string | undefined };

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      recruiters: { type: 'string', default: '10000' },
      rate: { type: 'string', default: '500' },
      duration: { type: 'string', default: '10' },
      runs: { type: 'string', default: '3' },
      pg: { type: 'string' },
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
  if (values.pg !== undefined && !/^postgres(ql)?:\/\//.test(values.pg)) throw new Error('--pg must be a postgres URL');
  return {
    recruiters: n('recruiters', values.recruiters, 1),
    rate: n('rate', values.rate, 1),
    duration: n('duration', values.duration, 1),
    runs: n('runs', values.runs, 1),
    pg: values.pg,
  };
}

const log = (s = '') => process.stdout.write(`${s}\n`);
const json = (out: string) => JSON.parse(out.trim().split('\n').at(-1) ?? '{}');

/** The environment of a child: ours without any Corridor setting, plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(CORRIDOR_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$|BENCH_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

const cleanups: (() => unknown)[] = [];
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

type Sample = { ok: number; failed: number; achievedRps: number; p50: number; p95: number; p99: number; max: number };

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
    process.on(sig, () => void cleanup().finally(() => process.exit(130)));
  const startedAt = new Date();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-lookup-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  log(
    `Public look-up benchmark: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  try {
    const common = {
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'production',
      CORRIDOR_SECRET_KEY: randomBytes(32).toString('base64'),
      CORRIDOR_DEMO_DATA: 'off',
      LOG_LEVEL: 'warn',
      // One address sends every request here: the per-address limit is raised (it is still counted).
      CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
    };
    const queries = path.join(tmp, 'queries.txt');
    const servers: { engine: string; base: string }[] = [];
    const engines: ('sqlite' | 'postgres')[] = opts.pg ? ['sqlite', 'postgres'] : ['sqlite'];
    for (const engine of engines) {
      const extra: Record<string, string> = { ...common, CORRIDOR_DATA_DIR: path.join(tmp, `data-${engine}`) };
      if (engine === 'postgres') {
        const schema = `bench_${randomBytes(6).toString('hex')}`;
        const env = childEnv({ BENCH_PG_URL: opts.pg! });
        await run('create schema', node, ['--import', 'tsx', setupScript, 'create-schema', schema], env, repoRoot);
        cleanups.push(() =>
          run('drop schema', node, ['--import', 'tsx', setupScript, 'drop-schema', schema], env, repoRoot),
        );
        const u = new URL(opts.pg!);
        u.searchParams.set('options', `-c search_path=${schema}`);
        extra.DATABASE_URL = u.toString();
      }
      const env = childEnv(extra);
      const seeded = json(
        await run(
          `seed ${engine}`,
          node,
          ['--import', 'tsx', path.join(here, 'seed.ts'), String(opts.recruiters), queries],
          env,
          repoRoot,
        ),
      );
      log(
        `${engine}: ${seeded.recruiters.toLocaleString('en-US')} recruiters loaded; ${seeded.paths} look-ups in the cycle`,
      );
      const proc = start(`Corridor (${engine})`, node, ['apps/server/bin/corridor.js', 'serve'], env, repoRoot);
      const m = await waitForOutput(proc, /Corridor is running at (\S+)/, 60_000);
      servers.push({ engine, base: `http://127.0.0.1:${new URL(m[1]!).port}` });
    }
    const targets = [
      { key: 'page', label: 'GET /public/recruiters (HTML, Arabic)', prefix: '/public/recruiters?lang=ar&q=' },
      { key: 'api', label: 'GET /api/public/recruiters (JSON)', prefix: '/api/public/recruiters?lang=ar&q=' },
    ];
    // Check once that both answer with results.
    const first = fs.readFileSync(queries, 'utf8').split('\n')[0]!;
    for (const s of servers) {
      const page = await fetch(`${s.base}${targets[0]!.prefix}${first}`);
      const html = await page.text();
      const api = await fetch(`${s.base}${targets[1]!.prefix}${first}`);
      const body = (await api.json()) as { items?: unknown[] };
      if (page.status !== 200 || !html.includes('class="card"') || api.status !== 200 || !body.items?.length)
        throw new Error(`${s.engine}: the look-up does not answer as expected (${page.status}, ${api.status})`);
      log(
        `${s.engine}: page ${Buffer.byteLength(html)} bytes, API ${body.items.length} result(s) for the first look-up`,
      );
    }
    const load = (base: string, prefix: string, seconds: number) =>
      run(
        'load',
        node,
        ['--import', 'tsx', path.join(here, 'load.ts'), base, prefix, String(opts.rate), String(seconds), queries],
        childEnv({}),
        repoRoot,
      );
    for (const s of servers) for (const t of targets) await load(s.base, t.prefix, 3); // warm-up
    const samples = new Map<string, Sample[]>();
    const cells = servers.flatMap((s) => targets.map((t) => ({ s, t, key: `${s.engine}/${t.key}` })));
    for (let r = 1; r <= opts.runs; r++)
      for (const c of r % 2 ? cells : [...cells].reverse()) {
        const x: Sample = json(await load(c.s.base, c.t.prefix, opts.duration));
        samples.set(c.key, [...(samples.get(c.key) ?? []), x]);
        log(
          `run ${r}/${opts.runs}  ${c.key.padEnd(13)} ${x.achievedRps.toFixed(0)} req/s  p50 ${ms(x.p50)} ms  p95 ${ms(x.p95)} ms  p99 ${ms(x.p99)} ms  failed ${x.failed}`,
        );
      }
    const rows = cells.map((c) => {
      const xs = samples.get(c.key)!;
      const p95: Spread = spread(xs.map((x) => x.p95));
      return {
        engine: c.s.engine,
        target: c.t.label,
        achievedRps: spread(xs.map((x) => x.achievedRps)),
        p50: spread(xs.map((x) => x.p50)),
        p95,
        p99: spread(xs.map((x) => x.p99)),
        failed: xs.reduce((n, x) => n + x.failed, 0),
        met: p95.max <= P95_TARGET_MS && xs.every((x) => x.failed === 0),
        samples: xs,
      };
    });
    const table = [
      `${opts.recruiters.toLocaleString('en-US')} recruiters; ${opts.rate} req/s open loop for ${opts.duration} s from a second process on loopback; ${opts.runs} runs per row; median (min–max) over the runs:`,
      '',
      '| target | engine | achieved req/s | p50 (ms) | p95 (ms) | p99 (ms) | failed | p95 ≤ 20 ms in every run |',
      '|---|---|--:|--:|--:|--:|--:|---|',
      ...rows.map(
        (x) =>
          `| ${x.target} | ${x.engine} | ${Math.round(x.achievedRps.median)} | ${ms(x.p50.median)} (${ms(x.p50.min)}–${ms(x.p50.max)}) | ${ms(x.p95.median)} (${ms(x.p95.min)}–${ms(x.p95.max)}) | ${ms(x.p99.median)} (${ms(x.p99.min)}–${ms(x.p99.max)}) | ${x.failed} | ${x.met ? 'met' : 'NOT met'} |`,
      ),
    ].join('\n');
    log(`\n${table}\n`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const out = path.join(resultsDir, `public-lookup-${stamp}.json`);
    fs.writeFileSync(
      out,
      `${JSON.stringify(
        {
          benchmark: 'public-lookup',
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          options: { ...opts, pg: opts.pg ? '(given)' : undefined },
          machine: {
            cpus: os.availableParallelism(),
            cpuModel: os.cpus()[0]?.model,
            node: process.version,
            loadAverageAtEnd: os.loadavg(),
          },
          rows,
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
