// `npm run bench -- evidence-report [--rows N] [--runs R] [--pg URL] [--no-sqlite] [--batch B]`: the annual evidence
// report as JSON (issue 5's target: at most 100 ms at 20,500,000 assistance records on SQLite), timed side by side
// with the baseline it must beat: plain GROUP BY queries over the raw rows (cases, exploitation codes, consent
// events, people) that give the same headline numbers. Both answer from the same database in the same process; the
// two answers are checked to agree before anything is timed. Results: bench/results/evidence-report-<time>.json.
//
// The data set is the reproduction test's generator scaled to N people (26% victims of trafficking with the seed's
// breakdown: 63% forced labour, 15% sexual exploitation, 14% unaccompanied minors; the rest protection cases; 1 in
// 130 without a statistics basis), written in large inserts, with the evidence engine's cells added by the
// engine's own bulk path (evidenceAfterBulkInsert) batch by batch, as the import does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Database, type Db, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import { evidenceAfterBulkInsert } from '@corridor/server/src/evidence/maintain.ts';
import { produceAnnualReport } from '@corridor/server/src/evidence/report/produce.ts';
import type { ReportData } from '@corridor/server/src/evidence/report/report-data.ts';
import { type CaseloadSpec, writeCaseload } from '@corridor/server/src/evidence/report/synthetic.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { sql } from 'kysely';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');
const YEAR = 2025;

/** The generator's spec for N people, in the seed's proportions. */
export function specFor(rows: number, organisationId: string, userId: string): CaseloadSpec {
  const withoutBasis = Math.max(1, Math.round(rows / 130));
  const victims = Math.max(20, Math.round(rows * 0.26));
  return {
    organisationId,
    userId,
    year: YEAR,
    victims,
    forcedLabour: Math.round(victims * 0.63),
    sexualExploitation: Math.round(victims * 0.15),
    both: Math.round(victims * 0.011),
    unaccompaniedMinors: Math.round(victims * 0.14),
    organRemoval: 4,
    protection: Math.max(0, rows - victims - withoutBasis),
    withoutBasis,
    otherSex: 3,
  };
}

export type Headline = { people: number; victims: number; forcedLabour: number; sexual: number; minors: number };

/**
 * The baseline: the same headline numbers by plain GROUP BY over the raw rows (no aggregate table), for one
 * organisation or, with `null`, the whole platform (people are counted per organisation, as the report does).
 */
export async function baseline(
  db: Db,
  engine: 'sqlite' | 'postgres',
  organisationId: string | null,
  year = YEAR,
): Promise<Headline> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const inOrg = (column: string) =>
    organisationId === null ? sql`1 = 1` : sql`${sql.ref(column)} = ${organisationId}`;
  // People whose latest statistics event is a grant (the consent ledger's rule; no expiry in this data set).
  const counted = sql`(select e.beneficiary_id from consent_events e where e.purpose = 'statistics'
    and e.recipient_organisation_id is null and ${inOrg('e.organisation_id')}
    group by e.beneficiary_id
    having max(e.recorded_at) = max(case when e.action = 'grant' then e.recorded_at end))`;
  const one = async (q: ReturnType<typeof sql<{ n: number | string }>>) =>
    Number((await q.execute(db)).rows[0]?.n ?? 0);
  const people = await one(sql<{ n: number }>`select count(distinct c.beneficiary_id) as n from cases c
    where ${inOrg('c.organisation_id')} and c.opened_on between ${from} and ${to}
    and c.beneficiary_id in ${counted}`);
  const victims = await one(sql<{ n: number }>`select count(distinct c.beneficiary_id) as n from cases c
    where ${inOrg('c.organisation_id')} and c.type = 'trafficking' and c.opened_on between ${from} and ${to}
    and c.beneficiary_id in ${counted}`);
  const forms = await sql<{ code: string; n: number | string }>`select k.code, count(distinct c.beneficiary_id) as n
    from cases c join case_codes k on k.case_id = c.id and k.vocabulary = 'htcds.exploitation_type'
    where ${inOrg('c.organisation_id')} and c.type = 'trafficking' and c.opened_on between ${from} and ${to}
    and c.beneficiary_id in ${counted} group by k.code`.execute(db);
  const form = (code: string) => Number(forms.rows.find((r) => r.code === code)?.n ?? 0);
  const separation =
    engine === 'sqlite'
      ? sql`json_extract(u.details, '$.form.separation')`
      : sql`(u.details::json -> 'form' ->> 'separation')`;
  const birthYear = sql`cast(substr(b.date_of_birth, 1, 4) as integer)`;
  const minors = await one(sql<{ n: number }>`select count(distinct c.beneficiary_id) as n from cases c
    join beneficiaries b on b.id = c.beneficiary_id
    where ${inOrg('c.organisation_id')} and c.type = 'trafficking' and c.opened_on between ${from} and ${to}
    and c.beneficiary_id in ${counted}
    and ${year} - ${birthYear} - (case when substr(b.date_of_birth, 6, 5) = '01-01' then 0 else 1 end) < 18
    and exists (select 1 from cases u where u.beneficiary_id = c.beneficiary_id and u.type = 'child'
      and ${separation} = 'unaccompanied')`);
  return { people, victims, forcedLabour: form('ForcedLabour'), sexual: form('SexualExploitation'), minors };
}

/** The headline numbers as the report states them. */
export function headlineOf(r: ReportData): Headline {
  const v = (id: string) => r.headline.find((f) => f.id === id)?.value ?? -1;
  const forms = r.breakdowns.find((b) => b.id === 'victims-by-exploitation')!;
  const form = (k: string) => forms.cells.find((c) => c.key === k)?.value ?? -1;
  const victims = v('victims-assisted');
  // The report states the minors as a share: its count is the share of the victims, to one decimal.
  return {
    people: v('people-assisted'),
    victims,
    forcedLabour: form('ForcedLabour'),
    sexual: form('SexualExploitation'),
    minors: v('victims-unaccompanied-minors-share'),
  };
}

/**
 * Throws unless the report states the GROUP BY's numbers (the minors as a share of the victims, to one decimal);
 * returns that share.
 */
export function checkAgreement(stated: Headline, plain: Headline): number {
  const minorsShare = plain.victims ? Math.round((plain.minors / plain.victims) * 1000) / 10 : 0;
  const same =
    stated.people === plain.people &&
    stated.victims === plain.victims &&
    stated.forcedLabour === plain.forcedLabour &&
    stated.sexual === plain.sexual &&
    stated.minors === minorsShare;
  if (!same)
    throw new Error(`the report states ${JSON.stringify(stated)}, the GROUP BY gives ${JSON.stringify(plain)}`);
  return minorsShare;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
  return { median: q(0.5), min: s[0]!, max: s[s.length - 1]!, p25: q(0.25), p75: q(0.75), runs: s.length };
};

async function load(database: Database, rows: number, batch: number) {
  const now = new Date(`${YEAR + 1}-01-15T00:00:00.000Z`);
  const { org, user } = await database.db.transaction().execute(async (trx) => {
    const org = await createOrganisation(
      trx,
      { code: 'BENCH-EVID', name: 'Evidence benchmark', kind: 'international_organisation', country: 'BGD' },
      now,
    );
    const user = await createUser(
      trx,
      {
        organisationId: org.id,
        email: 'analyst@bench.corridor.invalid',
        displayName: 'Bench analyst',
        roles: ['analyst'],
        locale: 'en',
        password: `Bench!${Math.random().toString(36).slice(2)}Aa9`,
      },
      now,
    );
    return { org, user };
  });
  const started = performance.now();
  // In batches of `batch` people, one transaction each, every batch in the seed's proportions; the two small cells
  // (organ removal, sex 'other') only in the first, so disclosure control has something to suppress.
  let done = 0;
  while (done < rows) {
    const n = Math.min(batch, rows - done);
    const part = specFor(n, org.id, user.id);
    if (done > 0) {
      part.organRemoval = 0;
      part.otherSex = 0;
    }
    await database.db.transaction().execute(async (trx) => {
      const ids = await writeCaseload(trx, part, { chunk: database.engine === 'sqlite' ? 1000 : 2000, offset: done });
      await evidenceAfterBulkInsert(trx, ids, now);
    });
    done += n;
    process.stdout.write(`\r  loaded ${done.toLocaleString('en')} / ${rows.toLocaleString('en')} people`);
  }
  process.stdout.write('\n');
  return { org, loadMs: performance.now() - started };
}

async function measure(database: Database, label: string, rows: number, runs: number, batch: number) {
  process.stdout.write(`${label}: loading ${rows.toLocaleString('en')} people…\n`);
  const { org, loadMs } = await load(database, rows, batch);
  const scope = { organisationId: org.id };
  const now = new Date();
  const report = async () =>
    produceAnnualReport(database.db, scope, { year: YEAR, format: 'json', language: 'en' }, now, '/usr/bin/chromium');
  const first = await report();
  const plain = await baseline(database.db, database.engine, org.id);
  const minorsShare = checkAgreement(headlineOf(first.report), plain);
  const reportMs: number[] = [];
  const baselineMs: number[] = [];
  // Interleaved, so that anything else running on the machine weighs on both alike.
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const r = await report();
    reportMs.push(performance.now() - t);
    if (r.data.length < 1000) throw new Error('empty report');
    t = performance.now();
    await baseline(database.db, database.engine, org.id);
    baselineMs.push(performance.now() - t);
  }
  const out = {
    engine: database.engine,
    rows,
    loadSeconds: Math.round(loadMs / 100) / 10,
    report: stats(reportMs),
    baseline: stats(baselineMs),
    ratio: Math.round((stats(baselineMs).median / stats(reportMs).median) * 10) / 10,
    headline: { ...plain, minorsShare },
    reportBytes: first.data.length,
  };
  process.stdout.write(
    `${label}: annual report JSON median ${out.report.median.toFixed(1)} ms (${out.report.min.toFixed(1)}–${out.report.max.toFixed(1)}), ` +
      `plain GROUP BY median ${out.baseline.median.toFixed(1)} ms (${out.baseline.min.toFixed(1)}–${out.baseline.max.toFixed(1)}); ` +
      `the report is ${out.ratio}× faster; same numbers: ${JSON.stringify(out.headline)}\n`,
  );
  return out;
}

/** Entry point (bench/run.mjs). */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '15' },
      batch: { type: 'string', default: '50000' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- evidence-report [--rows N (100000; the target is 20500000)] [--runs R (15)] [--batch B (50000)] [--pg URL] [--no-sqlite]\n',
    );
    return;
  }
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const batch = Number(values.batch);
  if (!(rows >= 100 && runs >= 1 && batch >= 100)) throw new Error('--rows >= 100, --runs >= 1, --batch >= 100');
  const results: unknown[] = [];
  if (!values['no-sqlite']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-evidence-'));
    const database = openDatabase({ sqliteFile: path.join(dir, 'corridor.sqlite'), synchronous: 'NORMAL' });
    try {
      await migrateToLatest(database.db, database.engine);
      results.push(await measure(database, 'SQLite', rows, runs, batch));
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.pg) {
    const schema = `bench_evidence_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const database = openDatabase({ databaseUrl: values.pg, pgSchema: schema, poolSize: 4 });
    try {
      await migrateToLatest(database.db, database.engine);
      results.push(await measure(database, 'PostgreSQL', rows, runs, batch));
    } finally {
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `evidence-report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results }, null, 2)}\n`,
  );
  process.stdout.write(`Raw figures: ${path.relative(process.cwd(), file)}\n`);
}
