// `npm run bench -- evidence-query [--rows N] [--runs R] [--pg URL] [--no-sqlite]`: a dashboard query of one
// indicator by two dimensions (issue 5's target: p95 at most 50 ms at 20,500,000 assistance records), through the
// evidence query module (query.ts: published, with disclosure control, and exact), against the baseline it must
// beat: a plain GROUP BY over the raw rows giving the same numbers, checked to agree before anything is timed.
//
// Data: N people in 4 organisations, each with one case opened in 2025 (an assistance record): 26% trafficking
// cases with one or two forms of exploitation, the rest protection cases; 99% with a statistics grant. Written
// with bare prepared inserts (SQLite) or multi-row inserts (PostgreSQL), deterministic (seeded). The aggregate
// cells are derived from the same generated rows by the engine's own derivation (contributionsOf), in memory, and
// written with the engine's upsert, as the incremental path would have left them; `evidence verify` semantics are
// checked on small sizes by the integration tests. Results: bench/results/evidence-query-<time>.json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Database, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import { addToCells } from '@corridor/server/src/evidence/cells.repository.ts';
import {
  type CellAddress,
  type Contribution,
  contributionsOf,
  type PersonSnapshot,
} from '@corridor/server/src/evidence/contributions.ts';
import { type IndicatorQuery, queryExact, queryPublished } from '@corridor/server/src/evidence/query.ts';
import { produceAnnualReport } from '@corridor/server/src/evidence/report/produce.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { sql } from 'kysely';
import pg from 'pg';
import { checkAgreement, headlineOf, baseline as reportBaseline } from '../evidence-report/main.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');
const YEAR = 2025;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEXES = ['female', 'male', 'female', 'male', 'intersex'];
const COUNTRIES = ['IRQ', 'SSD', 'LBN'];
const NATIONALITIES = ['SYR', 'IRQ', 'SSD', 'ETH', 'ERI', 'SDN', 'AFG', 'BGD'];
const FORMS = ['ForcedLabour', 'ForcedLabour', 'ForcedLabour', 'SexualExploitation', 'ForcedBegging', 'Other'];
const pcodeOf = (country: string, i: number) => `${country.slice(0, 2)}${String(10 + (i % 18)).padStart(2, '0')}`;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
  return { median: q(0.5), p95: q(0.95), p99: q(0.99), min: s[0]!, max: s[s.length - 1]!, runs: s.length };
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Generates and writes N people with their case, consent and codes; returns the first organisation's id. */
async function generate(database: Database, rows: number): Promise<{ orgs: string[]; seconds: number }> {
  const started = performance.now();
  const now = new Date(`${YEAR + 1}-01-10T00:00:00.000Z`);
  const orgs = await database.db.transaction().execute(async (trx) => {
    const out: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await createOrganisation(
        trx,
        {
          code: `EQ-${randomBytes(3).toString('hex').toUpperCase()}`,
          name: `Evidence query benchmark ${i}`,
          kind: 'civil_society',
          country: COUNTRIES[i % 3]!,
        },
        now,
      );
      out.push(o.id);
    }
    return out;
  });
  const rnd = random(5323);
  const at = now.toISOString();
  // Random UUID keys scatter the inserts over every index; a larger page cache for the load only keeps the writing
  // from re-reading pages (the queries below run with the default cache again).
  database.sqlite?.pragma('cache_size = -1048576');
  const cells = new Map<CellAddress, Contribution>();
  const BATCH = 5000;
  const people: unknown[][] = [];
  const consents: unknown[][] = [];
  const cases: unknown[][] = [];
  const codes: unknown[][] = [];
  const flush = async () => {
    if (database.sqlite) {
      const s = database.sqlite;
      const pb = s.prepare(
        `insert into beneficiaries (id, organisation_id, name_latin, search_name, date_of_birth, dob_precision, sex,
          citizenships, languages, country, pcode, specific_needs, restricted, created_at, updated_at, version)
         values (?, ?, 'Generated', 'generated', ?, 'exact', ?, ?, '', ?, ?, '', ?, ?, ?, 1)`,
      );
      const ce = s.prepare(
        `insert into consent_events (id, organisation_id, beneficiary_id, purpose, recipient_organisation_id, basis,
          action, information_given, child_assent, recorded_by, recorded_at, expires_at)
         values (?, ?, ?, 'statistics', null, 'consent', 'grant', 'generated', null, ?, ?, null)`,
      );
      const cs = s.prepare(
        `insert into cases (id, organisation_id, beneficiary_id, reference, type, status, sensitive, assigned_to,
          opened_on, closed_on, details, created_by, created_at, updated_at, version)
         values (?, ?, ?, ?, ?, 'Active', ?, null, ?, null, '{}', null, ?, ?, 1)`,
      );
      const cc = s.prepare(`insert into case_codes (case_id, organisation_id, vocabulary, code) values (?, ?, ?, ?)`);
      s.transaction(() => {
        for (const r of people) pb.run(...r);
        for (const r of consents) ce.run(...r);
        for (const r of cases) cs.run(...r);
        for (const r of codes) cc.run(...r);
      })();
    } else {
      await database.db.transaction().execute(async (trx) => {
        const many = async (table: string, columns: string[], list: unknown[][]) => {
          for (let i = 0; i < list.length; i += 1000) {
            const part = list.slice(i, i + 1000);
            await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(
              part.map((r) => sql`(${sql.join(r)})`),
            )}`.execute(trx);
          }
        };
        await many(
          'beneficiaries',
          [
            'id',
            'organisation_id',
            'name_latin',
            'search_name',
            'date_of_birth',
            'dob_precision',
            'sex',
            'citizenships',
            'languages',
            'country',
            'pcode',
            'specific_needs',
            'restricted',
            'created_at',
            'updated_at',
            'version',
          ],
          people.map((r) => [
            r[0],
            r[1],
            'Generated',
            'generated',
            r[2],
            'exact',
            r[3],
            r[4],
            '',
            r[5],
            r[6],
            '',
            r[7],
            r[8],
            r[9],
            1,
          ]),
        );
        await many(
          'consent_events',
          [
            'id',
            'organisation_id',
            'beneficiary_id',
            'purpose',
            'basis',
            'action',
            'information_given',
            'recorded_by',
            'recorded_at',
          ],
          consents.map((r) => [r[0], r[1], r[2], 'statistics', 'consent', 'grant', 'generated', r[3], r[4]]),
        );
        await many(
          'cases',
          [
            'id',
            'organisation_id',
            'beneficiary_id',
            'reference',
            'type',
            'status',
            'sensitive',
            'opened_on',
            'details',
            'created_at',
            'updated_at',
            'version',
          ],
          cases.map((r) => [r[0], r[1], r[2], r[3], r[4], 'Active', r[5], r[6], '{}', r[7], r[8], 1]),
        );
        await many('case_codes', ['case_id', 'organisation_id', 'vocabulary', 'code'], codes);
      });
    }
    people.length = 0;
    consents.length = 0;
    cases.length = 0;
    codes.length = 0;
  };
  // A user to record the consents: the first organisation's creator is none, so use a generated user row.
  const userId = randomUUID();
  // Time-ordered ids (the UUID version 7 layout, a counter in place of the clock): each table's key and the keys
  // that refer to it grow, so the writing appends to its indexes. With random ids every insert lands on a random
  // page of every index, and at 20.5 million records the indexes outgrow memory and the load slows many-fold.
  const started48 = BigInt(Date.parse(`${YEAR}-06-01T00:00:00Z`));
  let sequence = 0n;
  const orderedId = () => {
    const hex = (started48 * 4096n + sequence++).toString(16).padStart(15, '0');
    const tail = randomBytes(8).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-8${tail.slice(1, 4)}-${tail.slice(4, 16)}`;
  };
  await sql`insert into users (id, organisation_id, email, display_name, password_hash, locale, created_at, updated_at, version)
    values (${userId}, ${orgs[0]!}, ${`eq-${userId}@bench.corridor.invalid`}, 'Generated', 'x', 'en', ${at}, ${at}, 1)`.execute(
    database.db,
  );
  for (let i = 0; i < rows; i++) {
    const id = orderedId();
    const org = orgs[Math.floor(rnd() * orgs.length)]!;
    const country = COUNTRIES[Math.floor(rnd() * COUNTRIES.length)]!;
    const pcode = pcodeOf(country, Math.floor(rnd() * 1000));
    const sex = SEXES[Math.floor(rnd() * SEXES.length)]!;
    const dob = `${1950 + Math.floor(rnd() * 65)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15`;
    const nationality = NATIONALITIES[Math.floor(rnd() * NATIONALITIES.length)]!;
    const trafficking = rnd() < 0.26;
    const counted = rnd() >= 0.01;
    const day = Math.floor(rnd() * 365);
    const opened = new Date(Date.UTC(YEAR, 0, 1 + day)).toISOString().slice(0, 10);
    const caseId = orderedId();
    const forms = trafficking
      ? [...new Set([FORMS[Math.floor(rnd() * FORMS.length)]!, ...(rnd() < 0.05 ? ['SexualExploitation'] : [])])]
      : [];
    people.push([id, org, dob, sex, nationality, country, pcode, trafficking ? 1 : 0, at, at]);
    if (counted) consents.push([orderedId(), org, id, userId, at]);
    cases.push([
      caseId,
      org,
      id,
      `GEN-${i}`,
      trafficking ? 'trafficking' : 'protection',
      trafficking ? 1 : 0,
      opened,
      at,
      at,
    ]);
    for (const f of forms) codes.push([caseId, org, 'htcds.exploitation_type', f]);
    const snapshot: PersonSnapshot = {
      person: { id, organisation_id: org, sex, date_of_birth: dob, country, pcode, citizenships: nationality },
      counted,
      cases: [
        {
          id: caseId,
          organisation_id: org,
          type: trafficking ? 'trafficking' : 'protection',
          opened_on: opened,
          closed_on: null,
          exploitation: forms,
          unaccompanied: false,
        },
      ],
      services: [],
      referrals: [],
    };
    contributionsOf(snapshot, cells);
    if (people.length >= BATCH) await flush();
  }
  await flush();
  await database.db.transaction().execute((trx) => addToCells(trx, cells, now, true));
  database.sqlite?.pragma('cache_size = -2000');
  return { orgs, seconds: round((performance.now() - started) / 1000, 1) };
}

/** The baseline: cases opened per quarter by sex and case type, by GROUP BY over the raw rows. */
async function baseline(database: Database, org: string) {
  const quarter =
    database.engine === 'postgres'
      ? sql`'${sql.raw(String(YEAR))}-Q' || ((cast(substr(c.opened_on, 6, 2) as integer) + 2) / 3)`
      : sql`'${sql.raw(String(YEAR))}-Q' || ((cast(substr(c.opened_on, 6, 2) as integer) + 2) / 3)`;
  const r = await sql<{ period: string; sex: string; case_type: string; n: number | string }>`
    select ${quarter} as period, coalesce(b.sex, 'unknown') as sex, c.type as case_type, count(*) as n
    from cases c join beneficiaries b on b.id = c.beneficiary_id
    where c.organisation_id = ${org} and c.opened_on between ${`${YEAR}-01-01`} and ${`${YEAR}-12-31`}
      and exists (select 1 from consent_events e where e.beneficiary_id = c.beneficiary_id and e.purpose = 'statistics'
        and e.action = 'grant')
    group by 1, 2, 3`.execute(database.db);
  return r.rows.map((x) => ({ ...x, n: Number(x.n) }));
}

async function time(fn: () => Promise<unknown>, runs: number, warmups = 5): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The organisations of a database this benchmark loaded before (--reuse), in the order it created them. */
async function loadedBefore(database: Database): Promise<string[]> {
  const r = await sql<{ id: string }>`select id from organisations where name like 'Evidence query benchmark %'
    order by name`.execute(database.db);
  if (r.rows.length !== 4) throw new Error('--reuse: not a database this benchmark loaded (--keep)');
  return r.rows.map((x) => x.id);
}

async function measure(database: Database, rows: number, runs: number, reuse: boolean, baselineRuns?: number) {
  const { orgs, seconds } = reuse ? { orgs: await loadedBefore(database), seconds: 0 } : await generate(database, rows);
  // PostgreSQL: statistics, as autovacuum gathers them in a database in use within a minute of the writes (measured
  // at once after loading, the planner would see empty tables and filter the organisations instead of seeking them).
  if (database.engine === 'postgres') await sql`analyze`.execute(database.db);
  if (reuse) {
    rows = Number((await sql<{ n: number }>`select count(*) as n from cases`.execute(database.db)).rows[0]!.n);
  }
  const org = orgs[0]!;
  const scope = { organisationId: org };
  const dashboard: IndicatorQuery = {
    indicatorId: 'cases_opened',
    grain: 'quarter',
    from: `${YEAR}-Q1`,
    to: `${YEAR}-Q4`,
    by: ['sex', 'case_type'],
  };
  const victims: IndicatorQuery = {
    indicatorId: 'trafficking_victims_assisted',
    grain: 'year',
    from: String(YEAR),
    to: String(YEAR),
    by: ['exploitation_type', 'sex'],
  };
  const phase = (what: string) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
  phase('checking the dashboard query against the GROUP BY');
  // The two answers agree before anything is timed.
  const exact = await queryExact(database.db, scope, dashboard);
  const base = await baseline(database, org);
  for (const b of base) {
    const c = exact.cells.find(
      (x) => x.period === b.period && x.values.sex === b.sex && x.values.case_type === b.case_type,
    );
    if (!c || c.value !== b.n) throw new Error(`disagreement at ${b.period} ${b.sex} ${b.case_type}`);
  }
  const cellCount = Number(
    (await sql<{ n: number }>`select count(*) as n from evidence_cells`.execute(database.db)).rows[0]!.n,
  );
  const publishedMs = stats(await time(() => queryPublished(database.db, scope, dashboard), runs));
  const exactMs = stats(await time(() => queryExact(database.db, scope, dashboard), runs));
  const victimsMs = stats(await time(() => queryPublished(database.db, scope, victims), runs));
  phase('timing the GROUP BY');
  // The agreement check above ran the baseline once already; at millions of records each run reads the tables.
  const baselineMs = stats(
    await time(() => baseline(database, org), baselineRuns ?? Math.max(5, Math.round(runs / 10)), 0),
  );
  phase('the annual report');
  const report = await annualReport(database, runs, baselineRuns);
  return {
    rows,
    loadSeconds: seconds,
    cells: cellCount,
    dashboardPublishedMs: publishedMs,
    dashboardExactMs: exactMs,
    victimsPublishedMs: victimsMs,
    baselineGroupByMs: baselineMs,
    ratioBaselineToPublishedMedian: round(baselineMs.median / publishedMs.median, 1),
    annualReport: report,
  };
}

/**
 * The annual report JSON of the whole platform (every record loaded) over the same data, beside the plain GROUP BY
 * queries of the evidence-report benchmark giving its headline numbers (checked to agree first), interleaved.
 */
async function annualReport(database: Database, runs: number, baselineRunsAsked?: number) {
  const now = new Date();
  const produce = () =>
    produceAnnualReport(
      database.db,
      { platform: true },
      { year: YEAR, format: 'json', language: 'en' },
      now,
      '/usr/bin/chromium',
    );
  const first = await produce();
  const plain = await reportBaseline(database.db, database.engine, null, YEAR);
  const minorsShare = checkAgreement(headlineOf(first.report), plain);
  const reportRuns = Math.max(5, Math.min(runs, 30));
  const baselineRuns = baselineRunsAsked ?? Math.max(3, Math.round(reportRuns / 10));
  const reportMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < reportRuns; i++) {
    const t0 = performance.now();
    await produce();
    reportMs.push(performance.now() - t0);
    if (i < baselineRuns) {
      const t1 = performance.now();
      await reportBaseline(database.db, database.engine, null, YEAR);
      baselineMs.push(performance.now() - t1);
    }
  }
  const r = stats(reportMs);
  const b = stats(baselineMs);
  return {
    scope: 'platform',
    jsonBytes: first.data.length,
    headline: { ...plain, minorsShare },
    reportJsonMs: r,
    baselineGroupByMs: b,
    ratioBaselineToReportMedian: round(b.median / r.median, 1),
  };
}

/** Runs the benchmark with the options after its name. */
export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '200' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      keep: { type: 'string' },
      reuse: { type: 'string' },
      'baseline-runs': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- evidence-query [--rows N (100000)] [--runs R (200)] [--pg URL] [--no-sqlite] [--keep FILE (write the SQLite database there and keep it)] [--reuse FILE (measure a database kept before, without loading)] [--baseline-runs B (timed GROUP BY runs; default runs/10, at least 5 and 3)]\n',
    );
    return;
  }
  if (values.keep && fs.existsSync(values.keep)) throw new Error(`--keep ${values.keep}: the file exists already`);
  if (values.reuse && !fs.existsSync(values.reuse)) throw new Error(`--reuse ${values.reuse}: no such file`);
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const baselineRuns = values['baseline-runs'] === undefined ? undefined : Number(values['baseline-runs']);
  if (baselineRuns !== undefined && !(baselineRuns >= 1)) throw new Error('--baseline-runs: a number of at least 1');
  const results: Record<string, unknown> = { benchmark: 'evidence-query', at: new Date().toISOString(), rows, runs };
  if (!values['no-sqlite']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-evidence-query-'));
    const kept = values.reuse ?? values.keep;
    const file = kept ? path.resolve(kept) : path.join(dir, 'bench.sqlite');
    const database = openDatabase({ sqliteFile: file });
    try {
      await migrateToLatest(database.db, database.engine);
      results.sqlite = await measure(database, rows, runs, values.reuse !== undefined, baselineRuns);
      results.rows = (results.sqlite as { rows: number }).rows;
      results.sqliteFileBytes = fs.statSync(file).size;
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.pg) {
    const schema = `bench_evidence_query_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const database = openDatabase({ databaseUrl: values.pg, pgSchema: schema });
    try {
      await migrateToLatest(database.db, database.engine);
      results.postgres = await measure(database, rows, runs, false, baselineRuns);
    } finally {
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `evidence-query-${Date.now()}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n${file}\n`);
}
