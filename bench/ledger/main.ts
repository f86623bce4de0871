// `npm run bench -- ledger`: the figure of issue #7, "1,000,000 transactions; any fund's balance at any date in at
// most 10 ms". A generated ledger of N journal entries (2N lines, with running balances as the server writes them)
// spread over F funds and two years is loaded into a fresh, migrated database (SQLite; PostgreSQL with --pg), then
// the balance of a random fund at a random moment is asked Q times through the server's own balancesAt (one index
// seek per account). The baseline, in the same run on the same data, is the straightforward way: the sum of the
// account's lines up to that moment (an index range scan). Both answers are compared on every baseline query.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrator.ts';
import { balancesAt } from '../../apps/server/src/funds/ledger.ts';
import { ms, quantile, type Spread, spread } from '../http/stats.ts';
import { type GeneratedLedger, generateLedger } from './generate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');
const log = (s: string) => process.stderr.write(`${s}\n`);

const USAGE = `Usage: npm run bench -- ledger [options]

Balance of any fund at any date over a generated ledger (SQLite; PostgreSQL with --pg).

Options:
  --transactions N  journal entries to generate (default 1000000)
  --funds F         funds they are spread over (default 10)
  --queries Q       balance look-ups per run (default 2000; the baseline runs 10 per run, it is slow by design)
  --runs R          measured runs (default 3)
  --pg URL          also run on this PostgreSQL database (a schema of its own is created and dropped)
  --help            this text`;

type RunResult = {
  p50: number;
  p95: number;
  p99: number;
  baselineP50: number;
  baselineP95: number;
  mismatches: number;
};

async function load(database: Database, g: GeneratedLedger): Promise<number> {
  const t0 = performance.now();
  const db = database.db;
  const org = randomUUID();
  const now = '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('organisations')
    .values({
      id: org,
      code: `B${org.slice(0, 6).toUpperCase()}`,
      name: 'Bench',
      kind: 'international_organisation',
      country: 'CHE',
      demo: 0,
      created_at: now,
      updated_at: now,
      version: 1,
    } as never)
    .execute();
  for (const f of g.funds) {
    await db
      .insertInto('funds')
      .values({
        id: f.id,
        organisation_id: org,
        code: f.code,
        name: f.code,
        kind: 'emergency_revolving',
        currency: 'USD',
        revolving: 1,
        created_by: org,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await db.insertInto('fund_accounts').values(f.accounts).execute();
  }
  if (database.sqlite) {
    const s = database.sqlite;
    const insE = s.prepare(
      'insert into fund_entries (id, fund_id, kind, amount_minor, currency, usd_rate, amount_usd_minor, counterparty, counterparty_country, request_id, reference, posted_by, posted_at) values (?, ?, ?, ?, ?, ?, ?, ?, null, null, null, null, ?)',
    );
    const insL = s.prepare(
      'insert into fund_lines (account_id, line_no, entry_id, amount_minor, balance_after_minor, posted_at) values (?, ?, ?, ?, ?, ?)',
    );
    s.transaction(() => {
      for (const e of g.entries) insE.run(e.id, e.fundId, e.kind, e.amount, 'USD', '1', e.amount, 'Bench', e.at);
      for (const l of g.lines) insL.run(l.accountId, l.lineNo, l.entryId, l.amount, l.balanceAfter, l.at);
    })();
  } else {
    // PostgreSQL: batches through unnest, 10,000 rows a statement.
    const B = 10_000;
    for (let i = 0; i < g.entries.length; i += B) {
      const part = g.entries.slice(i, i + B);
      await sql`insert into fund_entries (id, fund_id, kind, amount_minor, currency, usd_rate, amount_usd_minor, counterparty, posted_at)
        select id, fund_id, kind, amount, 'USD', '1', amount, 'Bench', at from unnest(
          ${part.map((e) => e.id)}::uuid[], ${part.map((e) => e.fundId)}::uuid[], ${part.map((e) => e.kind)}::text[],
          ${part.map((e) => e.amount)}::bigint[], ${part.map((e) => e.at)}::timestamptz[]) as t(id, fund_id, kind, amount, at)`.execute(
        db,
      );
    }
    for (let i = 0; i < g.lines.length; i += B) {
      const part = g.lines.slice(i, i + B);
      await sql`insert into fund_lines (account_id, line_no, entry_id, amount_minor, balance_after_minor, posted_at)
        select * from unnest(${part.map((l) => l.accountId)}::uuid[], ${part.map((l) => l.lineNo)}::bigint[],
          ${part.map((l) => l.entryId)}::uuid[], ${part.map((l) => l.amount)}::bigint[],
          ${part.map((l) => l.balanceAfter)}::bigint[], ${part.map((l) => l.at)}::timestamptz[])`.execute(db);
    }
    await sql`analyze fund_lines`.execute(db);
    await sql`analyze fund_accounts`.execute(db);
  }
  if (database.sqlite) database.sqlite.exec('analyze');
  return performance.now() - t0;
}

/** The baseline: every account's balance at `at` as the sum of its lines up to then. */
async function summedBalances(database: Database, fundId: string, at: Date): Promise<Record<string, number>> {
  const rows = await database.db
    .selectFrom('fund_accounts')
    .leftJoin('fund_lines', (j) =>
      j.onRef('fund_lines.account_id', '=', 'fund_accounts.id').on('fund_lines.posted_at', '<=', at.toISOString()),
    )
    .select((eb) => [
      'fund_accounts.code',
      'fund_accounts.normal_side',
      eb.fn.sum<number>('fund_lines.amount_minor').as('sum'),
    ])
    .where('fund_accounts.fund_id', '=', fundId)
    .groupBy(['fund_accounts.code', 'fund_accounts.normal_side'])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.sum ?? 0) * r.normal_side]));
}

async function measure(
  database: Database,
  g: GeneratedLedger,
  queries: number,
  baselineQueries: number,
): Promise<RunResult> {
  const pick = () => {
    const f = g.funds[Math.floor(Math.random() * g.funds.length)]!;
    const at = new Date(g.from + Math.random() * (g.to - g.from));
    return { f, at };
  };
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const { f, at } = pick();
    const t0 = performance.now();
    await balancesAt(database.db, f.id, at);
    times.push(performance.now() - t0);
  }
  const base: number[] = [];
  let mismatches = 0;
  for (let i = 0; i < baselineQueries; i++) {
    const { f, at } = pick();
    const t0 = performance.now();
    const summed = await summedBalances(database, f.id, at);
    base.push(performance.now() - t0);
    const fast = await balancesAt(database.db, f.id, at);
    for (const [k, v] of Object.entries(summed)) if (fast[k as keyof typeof fast] !== v) mismatches++;
  }
  return {
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    baselineP50: quantile(base, 0.5),
    baselineP95: quantile(base, 0.95),
    mismatches,
  };
}

type Summary = {
  engine: string;
  loadMs: number;
  p50: Spread;
  p95: Spread;
  p99: Spread;
  baselineP95: Spread;
  ratioP95: Spread;
  mismatches: number;
};

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      transactions: { type: 'string', default: '1000000' },
      funds: { type: 'string', default: '10' },
      queries: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '3' },
      pg: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const n = Number(values.transactions);
  const funds = Number(values.funds);
  const queries = Number(values.queries);
  const runs = Number(values.runs);
  const startedAt = new Date();
  log(`generating ${n.toLocaleString('en-US')} entries over ${funds} funds…`);
  const g = generateLedger(n, funds);
  const summaries: Summary[] = [];
  const engines: {
    engine: 'sqlite' | 'postgres';
    open: () => Promise<{ database: Database; drop: () => Promise<void> }>;
  }[] = [
    {
      engine: 'sqlite',
      open: async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-ledger-'));
        const database = openDatabase({ sqliteFile: path.join(dir, 'ledger.sqlite') });
        return {
          database,
          drop: async () => {
            await database.close();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  if (values.pg) {
    const url = values.pg;
    engines.push({
      engine: 'postgres',
      open: async () => {
        const schema = `bench_ledger_${Date.now()}`;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`create schema ${schema}`);
        await c.end();
        const database = openDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 2 });
        return {
          database,
          drop: async () => {
            await database.close();
            const d = new pg.Client({ connectionString: url });
            await d.connect();
            await d.query(`drop schema ${schema} cascade`);
            await d.end();
          },
        };
      },
    });
  }
  // Every engine is loaded first, then the generated rows are let go, so that measuring does not pay for the
  // collector walking millions of objects the queries never use.
  const opened: { engine: string; database: Database; drop: () => Promise<void>; loadMs: number }[] = [];
  try {
    for (const e of engines) {
      const { database, drop } = await e.open();
      opened.push({ engine: e.engine, database, drop, loadMs: 0 });
      await migrateToLatest(database.db, database.engine);
      const loadMs = await load(database, g);
      opened[opened.length - 1]!.loadMs = loadMs;
      log(
        `${e.engine}: loaded ${g.entries.length.toLocaleString('en-US')} entries and ${g.lines.length.toLocaleString('en-US')} lines in ${ms(loadMs)} ms`,
      );
    }
    g.entries = [];
    g.lines = [];
    for (const o of opened) {
      await measure(o.database, g, Math.min(200, queries), 2); // warm-up
      const results: RunResult[] = [];
      for (let r = 1; r <= runs; r++) {
        const res = await measure(o.database, g, queries, 10);
        results.push(res);
        log(
          `${o.engine} run ${r}/${runs}: balance at a date p50 ${ms(res.p50)} ms, p95 ${ms(res.p95)} ms, p99 ${ms(res.p99)} ms; summing the lines p95 ${ms(res.baselineP95)} ms; mismatches ${res.mismatches}`,
        );
      }
      summaries.push({
        engine: o.engine,
        loadMs: o.loadMs,
        p50: spread(results.map((r) => r.p50)),
        p95: spread(results.map((r) => r.p95)),
        p99: spread(results.map((r) => r.p99)),
        baselineP95: spread(results.map((r) => r.baselineP95)),
        ratioP95: spread(results.map((r) => r.baselineP95 / r.p95)),
        mismatches: results.reduce((a, r) => a + r.mismatches, 0),
      });
    }
  } finally {
    for (const o of opened) await o.drop();
  }
  const lines = [
    '| engine | entries | balance at a date p50 | p95 (target ≤ 10 ms) | p99 | summing the lines p95 (baseline) | baseline / ours (p95) | mismatches |',
    '|---|---|---|---|---|---|---|---|',
    ...summaries.map(
      (s) =>
        `| ${s.engine} | ${n.toLocaleString('en-US')} | ${ms(s.p50.median)} ms | ${ms(s.p95.median)} ms (${ms(s.p95.min)}–${ms(s.p95.max)}) | ${ms(s.p99.median)} ms | ${ms(s.baselineP95.median)} ms | ${ms(s.ratioP95.median)}× | ${s.mismatches} |`,
    ),
  ];
  log(`\n${lines.join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  fs.writeFileSync(
    path.join(resultsDir, `ledger-${stamp}.json`),
    `${JSON.stringify(
      {
        benchmark: 'ledger',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { transactions: n, funds, queries, runs, pg: values.pg ? '(given)' : undefined },
        machine: {
          cpus: os.availableParallelism(),
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          loadAverageAtEnd: os.loadavg(),
        },
        summaries,
      },
      null,
      2,
    )}\n`,
  );
  if (summaries.some((s) => s.mismatches > 0)) process.exitCode = 1;
}
