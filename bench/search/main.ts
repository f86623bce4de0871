// `npm run bench -- search [--rows N] [--queries Q] [--pg URL] [--no-sqlite]`: generates N beneficiaries (the import
// benchmark's generator: names across scripts and spellings), loads them through Corridor's bulk import (files of
// 100,000 rows, each all or nothing), then measures name-search latency (p50, p95, p99) over a fixed mix of
// queries, through the search service (no HTTP, no audit: restricted people are not generated), on SQLite and, with
// --pg (or BENCH_PG_URL), PostgreSQL. Each engine is measured cold (first pass after reopening the database; on
// SQLite the file is also dropped from the operating system's page cache) and warm (the same queries again).
// Results: bench/results/search-<time>.json.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SearchBeneficiaries } from '@corridor/contracts';
import { searchBeneficiaries } from '@corridor/server/src/beneficiaries/beneficiaries.search.ts';
import { type Database, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { importHashKey, runImport } from '@corridor/server/src/imports/imports.service.ts';
import { sql } from 'kysely';
import { seedCaseworker } from '../import/main.ts';
import { beneficiariesCsv, generatePeople, NAME_SOURCES, type Person, prng } from '../import/people.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');

const KINDS = ['exact', 'variant', 'arabic', 'typo', 'document', 'dob-range'] as const;
type Kind = (typeof KINDS)[number];
type Query = { kind: Kind; target: string; body: SearchBeneficiaries };

/** One letter of a word replaced by another (not the first letter): a typing mistake. */
function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 1));
  const letters = 'abdefghiklmnorstuy'.replace(word[i]!.toLowerCase(), '');
  return word.slice(0, i) + letters[Math.floor(r() * letters.length)] + word.slice(i + 1);
}

/** Another spelling of the same name (its variant group), if it has one. */
function otherSpelling(name: string, source: number, r: () => number): string | null {
  const others = NAME_SOURCES[source]!.latin.filter((s) => s !== name);
  return others.length ? others[Math.floor(r() * others.length)]! : null;
}

/**
 * The fixed query mix: `perKind` queries of each kind, each for a registered person chosen at random (the same
 * ones every run): their name as registered (exact), another spelling of their names (variant), their names in
 * Arabic script (arabic), their family name with one letter wrong (typo), their passport number written with a
 * dash and a space (document), and their family name with a date-of-birth range of two years (dob-range).
 */
function queryMix(people: readonly Person[], perKind: number): Query[] {
  const r = prng(4242);
  const out: Query[] = [];
  const want = (kind: Kind, make: (p: Person) => Record<string, unknown> | null) => {
    let made = 0;
    for (let tries = 0; made < perKind && tries < perKind * 200; tries++) {
      const p = people[Math.floor(r() * people.length)]!;
      const body = make(p);
      if (!body) continue;
      out.push({ kind, target: p.sourceId, body: SearchBeneficiaries.parse(body) });
      made++;
    }
  };
  want('exact', (p) => ({ name: `${p.given} ${p.family}` }));
  want('variant', (p) => {
    const g = otherSpelling(p.given, p.givenSource, r);
    const f = otherSpelling(p.family, p.familySource, r);
    return g || f ? { name: `${g ?? p.given} ${f ?? p.family}` } : null;
  });
  want('arabic', (p) => {
    const g = NAME_SOURCES[p.givenSource]!.arabic;
    const f = NAME_SOURCES[p.familySource]!.arabic;
    return g && f ? { name: `${g} ${f}` } : null;
  });
  want('typo', (p) => (p.family.length >= 5 ? { name: `${p.given} ${typo(p.family, r)}` } : null));
  want('document', (p) =>
    p.passport
      ? { documentNumber: `${p.passport.slice(0, 1)}-${p.passport.slice(1, 5)} ${p.passport.slice(5)}` }
      : null,
  );
  want('dob-range', (p) => {
    const y = Number(p.dob.slice(0, 4));
    return { name: p.family, dobFrom: `${y - 1}-01-01`, dobTo: `${y}-12-31` };
  });
  return out;
}

const quantile = (xs: readonly number[], q: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

type Pass = Record<Kind | 'all', { n: number; p50: number; p95: number; p99: number; found: number }>;

/** Runs every query once, in order; latency per kind and how often the person sought is in the top 20. */
async function pass(db: Database['db'], p: Principal, queries: readonly Query[], ids: Map<string, string>) {
  const ms: Record<string, number[]> = { all: [] };
  const found: Record<string, number> = { all: 0 };
  for (const q of queries) {
    const t0 = performance.now();
    const r = await searchBeneficiaries(db, p, q.body);
    const t = performance.now() - t0;
    const list = ms[q.kind] ?? [];
    list.push(t);
    ms[q.kind] = list;
    ms.all!.push(t);
    const hit = r.hits.some((h) => h.row.id === ids.get(q.target));
    if (hit) {
      found[q.kind] = (found[q.kind] ?? 0) + 1;
      found.all!++;
    }
  }
  const out = {} as Pass;
  for (const k of [...KINDS, 'all'] as const) {
    const xs = ms[k] ?? [];
    out[k] = {
      n: xs.length,
      p50: quantile(xs, 0.5),
      p95: quantile(xs, 0.95),
      p99: quantile(xs, 0.99),
      found: found[k] ?? 0,
    };
  }
  return out;
}

/** Loads the people through the bulk import, 100,000 rows a file; returns seconds and the person ids by source id. */
async function load(database: Database, p: Principal, people: readonly Person[]) {
  const key = importHashKey(randomBytes(32));
  const t0 = performance.now();
  for (let i = 0; i < people.length; i += 100_000) {
    const chunk = people.slice(i, i + 100_000);
    const data = beneficiariesCsv(chunk);
    await database.db.transaction().execute((trx) =>
      runImport(
        trx,
        database.engine,
        p,
        {
          kind: 'beneficiaries',
          format: 'csv',
          data,
          basis: 'public_interest',
          informationGiven: 'Benchmark data: synthetic people.',
          validateOnly: false,
        },
        { maxBytes: data.length, maxRows: chunk.length },
        key,
        new Date(),
      ),
    );
    process.stdout.write(`  loaded ${fmt(i + chunk.length)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const ids = new Map<string, string>();
  const rows = await database.db
    .selectFrom('import_keys')
    .select(['source_key', 'record_id'])
    .where('organisation_id', '=', p.organisationId)
    .where('record_type', '=', 'beneficiary')
    .execute();
  for (const r of rows) ids.set(r.source_key.replace(/^src:/, ''), r.record_id);
  return { seconds, ids };
}

/** Drops a file from the operating system's page cache (GNU dd's nocache: posix_fadvise DONTNEED); false if it cannot. */
function evictFromPageCache(file: string): boolean {
  try {
    for (const f of [file, `${file}-wal`])
      if (fs.existsSync(f)) execFileSync('dd', [`if=${f}`, 'iflag=nocache', 'count=0', 'status=none']);
    return true;
  } catch {
    return false;
  }
}

type EngineResult = {
  engine: 'sqlite' | 'postgres';
  loadSeconds: number;
  databaseBytes: number | null;
  cold: Pass;
  warm: Pass;
  coldNote: string;
};

async function measureEngine(
  engine: 'sqlite' | 'postgres',
  people: readonly Person[],
  queries: readonly Query[],
  opts: { dir: string; pgUrl?: string },
): Promise<EngineResult> {
  const file = path.join(opts.dir, 'search.sqlite');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const open = (): Database =>
    engine === 'sqlite'
      ? openDatabase({ sqliteFile: file })
      : openDatabase({ databaseUrl: opts.pgUrl!, pgSchema: schema, poolSize: 2 });
  if (engine === 'postgres') {
    const admin = openDatabase({ databaseUrl: opts.pgUrl!, poolSize: 1 });
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
  }
  try {
    let database = open();
    await migrateToLatest(database.db, database.engine);
    const { principal } = await seedCaseworker(database);
    process.stdout.write(`${engine}: loading ${fmt(people.length)} people through the import...\n`);
    const { seconds, ids } = await load(database, principal, people);
    if (engine === 'postgres') await sql`analyze`.execute(database.db);
    await database.close();
    let coldNote: string;
    if (engine === 'sqlite') {
      coldNote = evictFromPageCache(file)
        ? 'database reopened, file dropped from the OS page cache'
        : 'database reopened (the OS page cache could not be dropped)';
    } else {
      coldNote = 'new connections (PostgreSQL shared buffers and the OS page cache as they were)';
    }
    database = open();
    process.stdout.write(`${engine}: ${queries.length} searches, cold then warm...\n`);
    const cold = await pass(database.db, principal, queries, ids);
    const warm = await pass(database.db, principal, queries, ids);
    await database.close();
    const databaseBytes =
      engine === 'sqlite'
        ? ['', '-wal'].reduce((n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0)
        : null;
    return { engine, loadSeconds: seconds, databaseBytes, cold, warm, coldNote };
  } finally {
    if (engine === 'postgres') {
      const admin = openDatabase({ databaseUrl: opts.pgUrl!, poolSize: 1 });
      await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await admin.close();
    } else {
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    }
  }
}

/** Runs the benchmark. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      queries: { type: 'string', default: '200' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- search [options]',
        '  --rows N       people in the registry (1000000)',
        '  --queries Q    queries of each of the six kinds (200)',
        '  --pg URL       also on PostgreSQL (a throwaway schema on that server); or BENCH_PG_URL',
        '  --no-sqlite    PostgreSQL only',
        '',
      ].join('\n'),
    );
    return;
  }
  const rows = Number(values.rows);
  const pgUrl = values.pg ?? process.env.BENCH_PG_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-search-'));
  try {
    process.stdout.write(`Generating ${fmt(rows)} people...\n`);
    const people = generatePeople(rows);
    const queries = queryMix(people, Number(values.queries));
    const engines: EngineResult[] = [];
    if (!values['no-sqlite']) engines.push(await measureEngine('sqlite', people, queries, { dir }));
    if (pgUrl) engines.push(await measureEngine('postgres', people, queries, { dir, pgUrl }));
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      loadavg: os.loadavg(),
      rows,
      queriesPerKind: Number(values.queries),
      engines,
    };
    const ms = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));
    const lines = [
      '',
      '| Engine | Cache | Query | n | p50 ms | p95 ms | p99 ms | found in top 20 |',
      '|---|---|---|--:|--:|--:|--:|--:|',
    ];
    for (const e of engines)
      for (const cache of ['cold', 'warm'] as const)
        for (const k of [...KINDS, 'all'] as const) {
          const s = e[cache][k];
          lines.push(
            `| ${e.engine} | ${cache} | ${k} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${s.found} / ${s.n} |`,
          );
        }
    lines.push('');
    for (const e of engines)
      lines.push(
        `${e.engine}: ${fmt(rows)} people loaded through the import in ${e.loadSeconds.toFixed(0)} s${e.databaseBytes ? `, ${(e.databaseBytes / 1e9).toFixed(2)} GB` : ''}; cold: ${e.coldNote}.`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const out = path.join(resultsDir, `search-${result.at.replace(/[-:]/g, '').slice(0, 15)}.json`);
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`Raw figures: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
