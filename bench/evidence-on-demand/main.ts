// `npm run bench -- evidence-on-demand [--orgs N] [--runs R] [--pg URL] [--no-sqlite]`: what the annual report's
// indicators computed on demand (movements, reintegration, funds, projects, SDG 10.c.1 and 10.7.1;
// apps/server/src/evidence/report/report-on-demand.ts) add to the report: `onDemandPart` for one organisation, and
// for the platform (additive indicators summed over N organisations), timed side by side in the same run with the
// aggregate-cell part of the same report (the report without them, its baseline). Each organisation has a year of
// movement figures (three movement types, twelve months). Results: bench/results/evidence-on-demand-<time>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Database, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import { publishRelease } from '@corridor/server/src/evidence/query.ts';
import { onDemandPart } from '@corridor/server/src/evidence/report/report-on-demand.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');
const YEAR = 2025;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
  return { median: q(0.5), min: s[0]!, max: s[s.length - 1]!, p25: q(0.25), p75: q(0.75), runs: s.length };
};

async function measure(database: Database, label: string, orgs: number, runs: number) {
  const now = new Date(`${YEAR + 1}-01-15T00:00:00.000Z`);
  const ids: string[] = [];
  for (let i = 0; i < orgs; i++) {
    const org = await database.db.transaction().execute((trx) =>
      createOrganisation(
        trx,
        {
          code: `BENCH-OD-${i}`,
          name: `On-demand benchmark ${i}`,
          kind: 'international_organisation',
          country: 'IRQ',
        },
        now,
      ),
    );
    ids.push(org.id);
    const rows = [];
    for (let m = 1; m <= 12; m++)
      for (const type of ['evacuation', 'resettlement', 'voluntary_return'])
        rows.push({
          organisation_id: org.id,
          month: `${YEAR}-${String(m).padStart(2, '0')}`,
          movement_type: type,
          arrived: 40 + m + i,
          no_show: 1,
          cancelled: 0,
        });
    await database.db.insertInto('movement_figures').values(rows).execute();
  }
  const organisation = { organisationId: ids[0]! };
  // The baseline: the same report's aggregate-cell tables (13 queries, one release), as assemble.ts reads them.
  const cells = () =>
    publishRelease(
      database.db,
      organisation,
      [
        { indicatorId: 'beneficiaries_assisted', grain: 'year', from: String(YEAR), to: String(YEAR), by: [] },
        { indicatorId: 'beneficiaries_assisted', grain: 'month', from: `${YEAR}-01`, to: `${YEAR}-12`, by: [] },
        { indicatorId: 'beneficiaries_assisted', grain: 'year', from: String(YEAR), to: String(YEAR), by: ['sex'] },
        { indicatorId: 'cases_opened', grain: 'year', from: String(YEAR), to: String(YEAR), by: ['case_type'] },
        {
          indicatorId: 'trafficking_victims_assisted',
          grain: 'year',
          from: String(YEAR),
          to: String(YEAR),
          by: ['exploitation_type'],
        },
      ],
      {},
    );
  const check = await onDemandPart(database.db, organisation, YEAR, now);
  const evacuated = check.headline.find((f) => f.id === 'od-people_evacuated')?.value;
  if (evacuated !== 12 * 40 + 78) throw new Error(`people evacuated: ${evacuated}, expected ${12 * 40 + 78}`);
  const t = { cells: [] as number[], organisation: [] as number[], platform: [] as number[] };
  for (let r = 0; r < runs; r++) {
    let s = performance.now();
    await cells();
    t.cells.push(performance.now() - s);
    s = performance.now();
    await onDemandPart(database.db, organisation, YEAR, now);
    t.organisation.push(performance.now() - s);
    s = performance.now();
    await onDemandPart(database.db, { platform: true }, YEAR, now);
    t.platform.push(performance.now() - s);
  }
  const out = {
    engine: label,
    organisations: orgs,
    cellTables: stats(t.cells),
    onDemandOrganisation: stats(t.organisation),
    onDemandPlatform: stats(t.platform),
  };
  const f = (x: ReturnType<typeof stats>) =>
    `${x.median.toFixed(1)} ms (min ${x.min.toFixed(1)}, p25 ${x.p25.toFixed(1)}, p75 ${x.p75.toFixed(1)}, max ${x.max.toFixed(1)})`;
  process.stdout.write(
    `${label}, ${orgs} organisations, ${runs} runs\n` +
      `  aggregate-cell tables (baseline): ${f(out.cellTables)}\n` +
      `  on-demand part, one organisation: ${f(out.onDemandOrganisation)}\n` +
      `  on-demand part, the platform:     ${f(out.onDemandPlatform)}\n`,
  );
  return out;
}

/** Runs the benchmark with the command line's options. */
export async function main(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      orgs: { type: 'string', default: '20' },
      runs: { type: 'string', default: '21' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- evidence-on-demand [--orgs N (20)] [--runs R (21)] [--pg URL] [--no-sqlite]\n',
    );
    return;
  }
  const orgs = Number(values.orgs);
  const runs = Number(values.runs);
  if (!(orgs >= 1 && runs >= 1)) throw new Error('--orgs >= 1, --runs >= 1');
  const results: unknown[] = [];
  if (!values['no-sqlite']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-on-demand-'));
    const database = openDatabase({ sqliteFile: path.join(dir, 'corridor.sqlite'), synchronous: 'NORMAL' });
    try {
      await migrateToLatest(database.db, database.engine);
      results.push(await measure(database, 'SQLite', orgs, runs));
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.pg) {
    const schema = `bench_on_demand_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const database = openDatabase({ databaseUrl: values.pg, pgSchema: schema, poolSize: 4 });
    try {
      await migrateToLatest(database.db, database.engine);
      results.push(await measure(database, 'PostgreSQL', orgs, runs));
    } finally {
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `evidence-on-demand-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results }, null, 2)}\n`,
  );
  process.stdout.write(`Raw figures: ${path.relative(process.cwd(), file)}\n`);
}
