// `npm run bench -- case-reference [--cases N] [--runs R] [--pg URL] [--no-sqlite]`: finding an organisation's next
// case reference (db/references.ts), which every case opening does under the organisation's lock. The organisation
// holds N cases whose references sort after the prefix asked (`VOT-2026-…`, asked `PRT-2026-…`, which holds 1,000).
// Measured side by side on the same database: the product's probe (a range of the (organisation, reference) index;
// on PostgreSQL in the "C" collation, migration 20261129T0150) and the baseline, the LIKE it replaced, which reads
// back through every reference that sorts after the prefix. Cases are inserted by SQL (one person, one
// organisation): only the references matter here. Results: bench/results/case-reference-<time>.json.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createBeneficiaries, prepareBeneficiary } from '@corridor/server/src/beneficiaries/beneficiaries.service.ts';
import type { Database } from '@corridor/server/src/db/database.ts';
import { lastReferenceNumber } from '@corridor/server/src/db/references.ts';
import { sql } from 'kysely';
import { onNewPostgresSchema, onNewSqlite, writeResults } from '../databases.ts';
import { seedCaseworker } from '../import/main.ts';

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
  return { median: q(0.5), p25: q(0.25), p75: q(0.75), min: s[0]!, max: s[s.length - 1]!, n: s.length };
};
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** The baseline: the highest reference of the prefix found with LIKE (the statement before the range). */
async function likeProbe(db: Database['db'], organisationId: string, prefix: string): Promise<number> {
  const r = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.max('reference').as('last'))
    .where('organisation_id', '=', organisationId)
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst();
  return r?.last ? Number(r.last.slice(prefix.length)) : 0;
}

/** An organisation with one person, `after` cases of VOT-2026- and 1,000 of PRT-2026-. */
async function seed(database: Database, after: number): Promise<string> {
  const now = new Date();
  const db = database.db;
  const { principal: p } = await seedCaseworker(database);
  return db.transaction().execute(async (trx) => {
    const person = prepareBeneficiary(
      p,
      {
        nameLatin: 'Reference Bench',
        dateOfBirth: '1990-01-01',
        sex: 'female',
        citizenships: ['BGD'],
        languages: ['bn'],
        country: 'BGD',
      } as never,
      now,
    );
    await createBeneficiaries(trx, p, [person]);
    const at = now.toISOString();
    const rows: unknown[][] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      await trx
        .insertInto('cases')
        .values(
          rows.map(([reference, type]) => ({
            id: randomUUID(),
            organisation_id: p.organisationId,
            beneficiary_id: person.row.id,
            reference: reference as string,
            type: type as string,
            status: 'Active',
            sensitive: 0,
            opened_on: '2026-01-01',
            details: '{}',
            created_at: at,
            updated_at: at,
          })) as never,
        )
        .execute();
      rows.length = 0;
    };
    for (let i = 1; i <= after; i++) {
      rows.push([`VOT-2026-${String(i).padStart(6, '0')}`, 'trafficking']);
      if (rows.length === 1000) await flush();
    }
    for (let i = 1; i <= 1000; i++) {
      rows.push([`PRT-2026-${String(i).padStart(6, '0')}`, 'protection']);
      if (rows.length === 1000) await flush();
    }
    await flush();
    return p.organisationId;
  });
}

async function measure(database: Database, o: { cases: number; runs: number }) {
  const org = await seed(database, o.cases);
  if (database.engine === 'postgres') await sql`analyze cases`.execute(database.db);
  const times = { probe: [] as number[], like: [] as number[] };
  const prefix = 'PRT-2026-';
  for (let i = -5; i < o.runs; i++) {
    // Alternating, so drift falls on both alike.
    for (const way of i % 2 === 0 ? (['probe', 'like'] as const) : (['like', 'probe'] as const)) {
      const t = performance.now();
      const n =
        way === 'probe'
          ? await lastReferenceNumber(database.db, 'cases', org, prefix)
          : await likeProbe(database.db, org, prefix);
      const ms = performance.now() - t;
      if (n !== 1000) throw new Error(`${way}: found ${n}, expected 1000`);
      if (i >= 0) times[way].push(ms);
    }
  }
  const probe = stats(times.probe);
  const like = stats(times.like);
  return { casesAfterPrefix: o.cases, probeMs: probe, likeMs: like, speedup: round(like.median / probe.median, 1) };
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '50' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- case-reference [--cases N (200000)] [--runs R (50)] [--pg URL] [--no-sqlite]\n',
    );
    return;
  }
  const o = { cases: Number(values.cases), runs: Number(values.runs) };
  if (!Number.isInteger(o.cases) || o.cases < 0) throw new Error('--cases: a whole number');
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs: a whole number, 1 or more');
  const results: Record<string, unknown> = { benchmark: 'case-reference', at: new Date().toISOString(), ...o };
  if (!values['no-sqlite']) results.sqlite = await onNewSqlite('case-reference', (database) => measure(database, o));
  if (values.pg)
    results.postgres = await onNewPostgresSchema(values.pg, 'case-reference', (database) => measure(database, o));
  writeResults('case-reference', results);
}
