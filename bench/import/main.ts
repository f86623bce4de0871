// `npm run bench -- import [--rows N] [--runs R]`: imports a generated CSV of N beneficiaries through Corridor's
// import (the same code as `corridor import` and POST /api/imports) into a fresh embedded database, and compares its
// rate with a bare prepared-statement insert of the same rows into the same table of another fresh database, in
// the same run (issue 3's target: at least 25% of the bare rate). Results: bench/results/import-<time>.json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { importHashKey, runImport } from '@corridor/server/src/imports/imports.service.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const resultsDir = path.resolve(here, '../results');

/** A small deterministic generator (mulberry32), so every run imports the same file. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  'Amina',
  'Mohamed',
  'Fatima',
  'Yonas',
  'Hana',
  'Abdi',
  'Mariam',
  'Dawit',
  'Aisha',
  'Tesfay',
  'Khadija',
  'Omar',
];
const FAMILY = [
  'Yusuf',
  'Ahmed',
  'Tesfaye',
  'Idris',
  'Hassan',
  'Gebre',
  'Ali',
  'Mohammed',
  'Osman',
  'Haile',
  'Abdullah',
  'Kahsay',
];
const COUNTRIES = ['SDN', 'TCD', 'LBY', 'EGY', 'ETH'];
const CITIZENSHIPS = ['ERI', 'ETH', 'SDN', 'SSD', 'SOM'];

type Person = {
  sourceId: string;
  given: string;
  family: string;
  dob: string;
  sex: 'female' | 'male';
  citizenship: string;
  language: string;
  phone: string;
  country: string;
  pcode: string;
};

function generate(n: number): Person[] {
  const r = prng(20261128);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: Person[] = [];
  for (let i = 1; i <= n; i++) {
    const country = pick(COUNTRIES);
    const y = 1960 + Math.floor(r() * 46);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    out.push({
      sourceId: `B-${String(i).padStart(8, '0')}`,
      given: pick(GIVEN),
      family: pick(FAMILY),
      dob: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      sex: r() < 0.5 ? 'female' : 'male',
      citizenship: pick(CITIZENSHIPS),
      language: r() < 0.5 ? 'ar' : 'tir',
      phone: `+249 9${Math.floor(r() * 10)} ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`,
      country,
      pcode: `${country.slice(0, 2)}0${1 + Math.floor(r() * 9)}`,
    });
  }
  return out;
}

function csvOf(people: readonly Person[]): Buffer {
  const lines = [
    'source_id,given_name,family_name,date_of_birth,sex,citizenships,languages,phone,country,pcode',
    '#meta+id,#beneficiary+name+given,#beneficiary+name+family,#date+birth,#beneficiary+sex,#country+code+nationality,#beneficiary+language,#contact+phone,#country+code,#loc+code',
  ];
  for (const p of people)
    lines.push(
      [p.sourceId, p.given, p.family, p.dob, p.sex, p.citizenship, p.language, p.phone, p.country, p.pcode].join(','),
    );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** A fresh, migrated embedded database (WAL, synchronous=FULL as in production) with an organisation and a caseworker. */
async function freshCorridor(dir: string, name: string) {
  const database = openDatabase({ sqliteFile: path.join(dir, `${name}.sqlite`) });
  await migrateToLatest(database.db, database.engine);
  const now = new Date();
  const principal = await database.db.transaction().execute(async (trx) => {
    const org = await createOrganisation(
      trx,
      {
        code: `BENCH-${randomBytes(3).toString('hex').toUpperCase()}`,
        name: 'Import benchmark',
        kind: 'civil_society',
        country: 'SDN',
      },
      now,
    );
    const user = await createUser(
      trx,
      {
        organisationId: org.id,
        email: `import-bench-${randomBytes(4).toString('hex')}@bench.corridor.invalid`,
        displayName: 'Import benchmark',
        roles: ['caseworker'],
        locale: 'en',
        password: `Bq7!${randomBytes(18).toString('base64url')}`,
      },
      now,
    );
    const p: Principal = {
      kind: 'session',
      userId: user.id,
      id: user.id,
      organisationId: org.id,
      roles: user.roles,
      secondFactor: 'none',
    };
    return p;
  });
  return { database, principal };
}

/** The bare rate: one prepared INSERT per row into `beneficiaries`, in one transaction, values ready in memory. */
async function bareInsert(dir: string, name: string, people: readonly Person[]): Promise<number> {
  const { database, principal } = await freshCorridor(dir, name);
  const sqlite = database.sqlite!;
  const at = new Date().toISOString();
  const rows = people.map((p) => [
    randomUUID(),
    principal.organisationId,
    p.given,
    p.family,
    `${p.given} ${p.family}`,
    `${p.given} ${p.family}`.toLowerCase(),
    p.dob,
    'exact',
    p.sex,
    p.citizenship,
    p.language,
    p.phone,
    p.country,
    p.pcode,
    principal.userId,
    at,
    at,
  ]);
  const insert = sqlite.prepare(
    `insert into beneficiaries (id, organisation_id, given_name, family_name, name_latin, search_name, date_of_birth,
      dob_precision, sex, citizenships, languages, phone, country, pcode, created_by, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const all = sqlite.transaction((rs: unknown[][]) => {
    for (const r of rs) insert.run(...r);
  });
  const t0 = process.hrtime.bigint();
  all(rows);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await database.close();
  return seconds;
}

/** Corridor's import of the file, from bytes to commit, as the caseworker; returns seconds and the report. */
async function corridorImport(dir: string, name: string, file: Buffer, rows: number) {
  const { database, principal } = await freshCorridor(dir, name);
  const key = importHashKey(randomBytes(32));
  const run = async () => {
    const t0 = process.hrtime.bigint();
    const report = await database.db.transaction().execute((trx) =>
      runImport(
        trx,
        database.engine,
        principal,
        {
          kind: 'beneficiaries',
          format: 'csv',
          data: file,
          basis: 'public_interest',
          informationGiven: 'Benchmark data: synthetic people.',
          validateOnly: false,
        },
        { maxBytes: file.length, maxRows: rows },
        key,
        new Date(),
      ),
    );
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, report };
  };
  const first = await run();
  // The same file again: every row is recognised and skipped (no duplicates).
  const again = await run();
  const size = fs.statSync(path.join(dir, `${name}.sqlite`)).size;
  await database.close();
  return { first, again, databaseBytes: size };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Runs the benchmark. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- import [--rows N (100000)] [--runs R (3): bare-insert runs, median taken]\n',
    );
    return;
  }
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-import-'));
  try {
    process.stdout.write(`Generating ${fmt(rows)} beneficiaries...\n`);
    const people = generate(rows);
    const file = csvOf(people);
    const bare: number[] = [];
    // Bare runs before and after the import, so drift on a shared machine affects both sides.
    bare.push(await bareInsert(dir, 'bare-0', people));
    process.stdout.write(`Corridor import of ${fmt(rows)} rows (${(file.length / 1e6).toFixed(1)} MB CSV)...\n`);
    const corridor = await corridorImport(dir, 'corridor', file, rows);
    if (corridor.first.report.created !== rows) throw new Error('the import did not create every row');
    if (corridor.again.report.skipped !== rows) throw new Error('the re-import did not skip every row');
    for (let i = 1; i < runs; i++) bare.push(await bareInsert(dir, `bare-${i}`, people));
    const bareRate = rows / median(bare);
    const importRate = rows / corridor.first.seconds;
    const againRate = rows / corridor.again.seconds;
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      loadavg: os.loadavg(),
      rows,
      csvBytes: file.length,
      bareSeconds: bare,
      bareRowsPerSecond: bareRate,
      importSeconds: corridor.first.seconds,
      importRowsPerSecond: importRate,
      reimportSeconds: corridor.again.seconds,
      reimportRowsPerSecond: againRate,
      ratio: importRate / bareRate,
      databaseBytes: corridor.databaseBytes,
    };
    process.stdout.write(
      [
        '',
        '| What | Rows | Seconds | Rows/s | ÷ bare |',
        '|---|--:|--:|--:|--:|',
        `| Bare prepared INSERT into beneficiaries (median of ${runs}) | ${fmt(rows)} | ${median(bare).toFixed(2)} | ${fmt(bareRate)} | — |`,
        `| Corridor import (CSV → people + name keys + assistance basis + import keys) | ${fmt(rows)} | ${corridor.first.seconds.toFixed(2)} | ${fmt(importRate)} | ${(100 * result.ratio).toFixed(1)}% |`,
        `| Corridor re-import of the same file (all rows unchanged) | ${fmt(rows)} | ${corridor.again.seconds.toFixed(2)} | ${fmt(againRate)} | ${((100 * againRate) / bareRate).toFixed(1)}% |`,
        '',
        `Database after the import: ${(corridor.databaseBytes / 1e6).toFixed(1)} MB (WAL not counted).`,
        '',
      ].join('\n'),
    );
    fs.mkdirSync(resultsDir, { recursive: true });
    const out = path.join(resultsDir, `import-${result.at.replace(/[-:]/g, '').slice(0, 15)}.json`);
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`Raw figures: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
