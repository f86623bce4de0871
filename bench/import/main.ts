// `npm run bench -- import [--rows N] [--runs R] [--cases-every K] [--no-probe]`: imports generated files of N
// beneficiaries, with a protection case for every K-th person and one service on each case, through Corridor's
// import (the code behind `corridor import` and POST /api/imports) into a fresh embedded database, and compares the
// rate with a bare prepared-statement insert of the same rows (people, cases, services) into the same tables of
// another fresh database, in the same run (issue 3's target: at least 25% of the bare rate). While the import runs,
// a Corridor server on the same database answers a probe in another process (GET /api/health and a name search),
// whose latencies are reported beside those measured before the import. Results: bench/results/import-<time>.json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImportKind } from '@corridor/contracts';
import { type Database, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createApiToken } from '@corridor/server/src/identity/tokens.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { importHashKey, runImport } from '@corridor/server/src/imports/imports.service.ts';
import { killAllNow, start, stop, type Tracked, waitForOutput } from '../http/processes.ts';
import { beneficiariesCsv, casesCsv, type Person, peopleInChunks, servicesCsv, withCase } from './people.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.resolve(here, '../results');

/** A fresh, migrated embedded database (WAL, synchronous=FULL as in production) with an organisation and a caseworker. */
export async function freshCorridor(file: string) {
  const database = openDatabase({ sqliteFile: file });
  await migrateToLatest(database.db, database.engine);
  const { principal, token } = await seedCaseworker(database);
  return { database, principal, token };
}

/** An organisation, a caseworker and a caseworker's API token (for the probe) in a migrated database. */
export async function seedCaseworker(database: Database): Promise<{ principal: Principal; token: string }> {
  const now = new Date();
  return database.db.transaction().execute(async (trx) => {
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
    const principal: Principal = {
      kind: 'session',
      userId: user.id,
      id: user.id,
      organisationId: org.id,
      roles: user.roles,
      secondFactor: 'none',
    };
    const { secret } = await createApiToken(
      trx,
      principal,
      { name: 'Import benchmark probe', roles: ['caseworker'], expiresInDays: 1 },
      now,
    );
    return { principal, token: secret };
  });
}

/**
 * The bare rate: one better-sqlite3 prepared INSERT per row of the files (people, cases, services) into their
 * tables, one transaction per chunk (as the import commits one per file), every value of the chunk already in
 * memory. Returns the seconds of the transactions (making the rows is not counted).
 */
async function bareInsert(file: string, chunks: Iterable<Chunk>): Promise<{ seconds: number; cpuSeconds: number }> {
  const { database, principal } = await freshCorridor(file);
  const sqlite = database.sqlite!;
  const at = new Date().toISOString();
  let seconds = 0;
  let cpuSeconds = 0;
  let caseNo = 0;
  const insertPerson = sqlite.prepare(
    `insert into beneficiaries (id, organisation_id, given_name, family_name, name_original, name_latin, search_name,
      date_of_birth, dob_precision, sex, citizenships, languages, phone, country, pcode, created_by, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCase = sqlite.prepare(
    `insert into cases (id, organisation_id, beneficiary_id, reference, type, status, sensitive, assigned_to, opened_on,
      details, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertService = sqlite.prepare(
    `insert into case_services (id, case_id, organisation_id, service_type, delivered_on, provider_organisation_id,
      value_minor, currency, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { people, cased } of chunks) {
    const ids = new Map<string, string>();
    const rows = people.map((p) => {
      const id = randomUUID();
      ids.set(p.sourceId, id);
      return [
        id,
        principal.organisationId,
        p.given,
        p.family,
        p.original,
        `${p.given} ${p.family}`,
        `${p.given} ${p.family}`.toLowerCase(),
        p.dob,
        p.dobPrecision,
        p.sex,
        p.citizenship,
        p.language,
        p.phone,
        p.country,
        p.pcode,
        principal.userId,
        at,
        at,
      ];
    });
    const caseRows = cased.map((p) => [
      randomUUID(),
      principal.organisationId,
      ids.get(p.sourceId),
      `PRT-2026-${String(++caseNo).padStart(7, '0')}`,
      'protection',
      'Active',
      0,
      principal.userId,
      '2026-01-15',
      '{"form":{"situation":"stranded"}}',
      principal.userId,
      at,
      at,
    ]);
    const serviceRows = caseRows.map((c) => [
      randomUUID(),
      c[0],
      principal.organisationId,
      'accommodation',
      '2026-02-01',
      principal.organisationId,
      45000,
      'USD',
      principal.userId,
      at,
    ]);
    const all = sqlite.transaction(() => {
      for (const r of rows) insertPerson.run(...r);
      for (const r of caseRows) insertCase.run(...r);
      for (const r of serviceRows) insertService.run(...r);
    });
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    all();
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    cpuSeconds += (cpu.user + cpu.system) / 1e6;
  }
  await database.close();
  return { seconds, cpuSeconds };
}

/** One part of the generated people: its people, those of them with a case, and its three files. */
type Chunk = { people: Person[]; cased: Person[] };

/** People in each part: `rows` split into `files` parts of equal size, rounded up to a whole number of `every`. */
const partSize = (rows: number, files: number, every: number) => Math.ceil(Math.ceil(rows / files) / every) * every;

/** The run's people in `files` parts of equal size (see partSize), made one part at a time. */
function* chunksOf(rows: number, files: number, every: number): Generator<Chunk> {
  for (const people of peopleInChunks(rows, partSize(rows, files, every)))
    yield { people, cased: withCase(people, every) };
}

type Step = {
  kind: ImportKind;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  /** CPU time of the importing (writing) thread alone; the rest of cpuSeconds is the planning thread's. */
  mainThreadCpuSeconds: number | null;
  created: number;
  skipped: number;
};

/**
 * CPU seconds (user + system) of this process's main thread alone, from Linux's per-thread accounting (clock ticks of
 * 10 ms); null elsewhere. process.cpuUsage() counts every thread, the import's planning thread included.
 */
function mainThreadCpu(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** One file through runImport in its own transaction, as the caseworker. */
async function importFile(
  database: Database,
  principal: Principal,
  key: Buffer,
  kind: ImportKind,
  data: Buffer,
  rows: number,
): Promise<Step> {
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpu();
  const t0 = process.hrtime.bigint();
  const report = await database.db.transaction().execute((trx) =>
    runImport(
      trx,
      database.engine,
      principal,
      {
        kind,
        format: 'csv',
        data,
        basis: 'public_interest',
        informationGiven: 'Benchmark data: synthetic people.',
        validateOnly: false,
      },
      { maxBytes: data.length, maxRows: rows },
      key,
      new Date(),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const m1 = mainThreadCpu();
  const mainThreadCpuSeconds = m0 !== null && m1 !== null ? m1 - m0 : null;
  return { kind, rows, seconds, cpuSeconds, mainThreadCpuSeconds, created: report.created, skipped: report.skipped };
}

/**
 * One file through the server's POST /api/imports (the upload page's path), as the caseworker's API token: the
 * import then runs inside the server process that also answers the probe. CPU time is the server's, not
 * measured here (reported as 0).
 */
async function importViaApi(base: string, token: string, kind: ImportKind, data: Buffer, rows: number): Promise<Step> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${base}/api/imports`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-import-${randomBytes(8).toString('hex')}`,
    },
    body: JSON.stringify({
      kind,
      filename: `${kind}.csv`,
      content: data.toString('base64'),
      ...(kind === 'services'
        ? {}
        : { basis: 'public_interest', informationGiven: 'Benchmark data: synthetic people.' }),
      validateOnly: false,
    }),
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const body = (await res.json()) as { created?: number; skipped?: number; detail?: string };
  if (res.status !== 200) throw new Error(`POST /api/imports answered ${res.status}: ${body.detail ?? ''}`);
  return {
    kind,
    rows,
    seconds,
    cpuSeconds: 0,
    mainThreadCpuSeconds: null,
    created: body.created ?? 0,
    skipped: body.skipped ?? 0,
  };
}

type Sample = { at: number; what: 'health' | 'search'; ms: number; status: number };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Latency summary of probe samples of one kind. */
function latency(samples: readonly Sample[], what: Sample['what']) {
  const s = samples.filter((x) => x.what === what);
  const ms = s.map((x) => x.ms);
  return {
    n: s.length,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    max: ms.length ? Math.max(...ms) : Number.NaN,
    failed: s.filter((x) => x.status !== 200).length,
  };
}

const sizeOf = (file: string) =>
  ['', '-wal'].reduce((n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0);

/** Runs the benchmark. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      'cases-every': { type: 'string', default: '10' },
      'no-probe': { type: 'boolean' },
      'no-reimport': { type: 'boolean' },
      via: { type: 'string', default: 'cli' },
      files: { type: 'string', default: '1' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- import [options]',
        '  --rows N          beneficiaries in the file (100000)',
        '  --cases-every K   a protection case (and one service on it) for every K-th person (10)',
        '  --runs R          bare-insert runs, median taken (3; one before the import, the rest after; 0: none)',
        '  --no-probe        no Corridor server and no latency probe during the import',
        '  --no-reimport     skip importing the beneficiaries file a second time',
        '  --via cli|api     run the import in this process, like `corridor import` beside the server (cli), or',
        "                    through the server's POST /api/imports, like the upload page (api; needs the probe)",
        '  --files F         split the people into F parts, each imported as its own three files (1); for runs',
        '                    too large for one transaction or for memory (the bare insert commits per part too)',
        '',
      ].join('\n'),
    );
    return;
  }
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 0) throw new Error('--runs is a whole number, 0 or more');
  const every = Number(values['cases-every']);
  const parts = Number(values.files);
  if (!Number.isInteger(parts) || parts < 1) throw new Error('--files is a positive whole number');
  if (parts > 1 && !values['no-reimport']) throw new Error('--files above 1 needs --no-reimport');
  const viaApi = values.via === 'api';
  if (values.via !== 'cli' && !viaApi) throw new Error('--via is cli or api');
  if (viaApi && values['no-probe']) throw new Error('--via api needs the server the probe asks');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-import-'));
  const children: Tracked[] = [];
  process.on('exit', killAllNow);
  try {
    process.stdout.write(
      `${fmt(rows)} beneficiaries, a case and a service for every ${every}th, in ${parts} part${parts > 1 ? 's' : ''}\n`,
    );
    const chunks = () => chunksOf(rows, parts, every);
    const casedCount = Math.floor((rows + every - 1) / every);
    const fileRows = rows + 2 * casedCount;
    const filesOf = (c: Chunk) => ({
      beneficiaries: beneficiariesCsv(c.people),
      cases: casesCsv(c.cased),
      services: servicesCsv(c.cased),
    });
    const partRows = partSize(rows, parts, every);
    const bare: { seconds: number; cpuSeconds: number }[] = [];
    // Bare runs before and after the import, so drift on a shared machine affects both sides.
    if (runs > 0) {
      bare.push(await bareInsert(path.join(dir, 'bare-0.sqlite'), chunks()));
      fs.rmSync(path.join(dir, 'bare-0.sqlite'), { force: true });
      process.stdout.write(`Bare insert: ${bare[0]!.seconds.toFixed(2)} s for ${fmt(fileRows)} rows\n`);
    }

    const dataDir = path.join(dir, 'corridor');
    const dbFile = path.join(dataDir, 'corridor.sqlite');
    const { database, principal, token } = await freshCorridor(dbFile);
    let samples: Sample[] = [];
    let probe: Tracked | undefined;
    let base = '';
    if (!values['no-probe']) {
      // The server and the probe are other processes on the same database file.
      // The largest part is the first one: its files set the server's limits.
      const first = filesOf(chunks().next().value as Chunk);
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env))
        if (!/^(CORRIDOR_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(k)) env[k] = v;
      Object.assign(env, {
        HOST: '127.0.0.1',
        PORT: '0',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        CORRIDOR_SECRET_KEY: randomBytes(32).toString('base64'),
        CORRIDOR_DEMO_DATA: 'off',
        CORRIDOR_DATA_DIR: dataDir,
        CORRIDOR_IMPORT_MAX_ROWS: String(Math.max(Math.min(rows, partRows), 100_000)),
        CORRIDOR_IMPORT_MAX_BYTES: String(Math.max(first.beneficiaries.length, first.cases.length) + 1024),
      });
      const server = start(
        'Corridor server',
        process.execPath,
        ['apps/server/bin/corridor.js', 'serve'],
        env,
        repoRoot,
      );
      children.push(server);
      const m = await waitForOutput(server, /Corridor is running at (\S+)/, 60_000);
      base = `http://127.0.0.1:${new URL(m[1]!).port}`;
      probe = start(
        'probe',
        process.execPath,
        ['--import', 'tsx', path.join(here, 'probe.ts'), base, token],
        env,
        repoRoot,
      );
      children.push(probe);
      await waitForOutput(probe, /probe running/, 30_000);
      // Latency before the import, for comparison.
      await new Promise((r) => setTimeout(r, 5_000));
    }

    const key = importHashKey(randomBytes(32));
    const kinds = ['beneficiaries', 'cases', 'services'] as const;
    // One step per kind, summed over the parts.
    const steps: Step[] = kinds.map((kind) => ({
      kind,
      rows: 0,
      seconds: 0,
      cpuSeconds: 0,
      mainThreadCpuSeconds: 0,
      created: 0,
      skipped: 0,
    }));
    let csvBytes = 0;
    let largestWal = 0;
    let lastBeneficiaries: { data: Buffer; rows: number } | undefined;
    const importStart = Date.now();
    let part = 0;
    for (const chunk of chunks()) {
      part++;
      const files = filesOf(chunk);
      for (const [k, kind] of kinds.entries()) {
        const data = files[kind];
        csvBytes += data.length;
        const n = kind === 'beneficiaries' ? chunk.people.length : chunk.cased.length;
        process.stdout.write(
          `Corridor import${parts > 1 ? ` (part ${part} of ${parts})` : ''}: ${kind} (${(data.length / 1e6).toFixed(1)} MB CSV)...\n`,
        );
        const step = viaApi
          ? await importViaApi(base, token, kind, data, n)
          : await importFile(database, principal, key, kind, data, n);
        if (step.created !== n) throw new Error(`the ${kind} import did not create every row`);
        process.stdout.write(`  ${step.seconds.toFixed(2)} s, ${fmt(n / step.seconds)} rows/s\n`);
        const sum = steps[k]!;
        sum.rows += step.rows;
        sum.seconds += step.seconds;
        sum.cpuSeconds += step.cpuSeconds;
        sum.mainThreadCpuSeconds =
          sum.mainThreadCpuSeconds === null || step.mainThreadCpuSeconds === null
            ? null
            : sum.mainThreadCpuSeconds + step.mainThreadCpuSeconds;
        sum.created += step.created;
        sum.skipped += step.skipped;
        largestWal = Math.max(largestWal, fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0);
      }
      lastBeneficiaries = { data: files.beneficiaries, rows: chunk.people.length };
    }
    const importEnd = Date.now();
    // The same file again: every row is recognised and skipped (no duplicates).
    let again: Step | undefined;
    if (!values['no-reimport'] && lastBeneficiaries) {
      const { data, rows: n } = lastBeneficiaries;
      again = viaApi
        ? await importViaApi(base, token, 'beneficiaries', data, n)
        : await importFile(database, principal, key, 'beneficiaries', data, n);
      if (again.skipped !== n) throw new Error('the re-import did not skip every row');
    }
    if (probe) {
      await new Promise((r) => setTimeout(r, 2_000));
      await stop(probe);
      samples = JSON.parse(probe.stdout().trim().split('\n').at(-1) ?? '[]') as Sample[];
    }
    for (const c of children) await stop(c);
    const databaseBytes = sizeOf(dbFile);
    const databaseFileBytes = fs.statSync(dbFile).size;
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });

    for (let i = 1; i < runs; i++) {
      const f = path.join(dir, `bare-${i}.sqlite`);
      bare.push(await bareInsert(f, chunks()));
      fs.rmSync(f, { force: true });
    }
    const importSeconds = steps.reduce((s, x) => s + x.seconds, 0);
    const importCpu = steps.reduce((s, x) => s + x.cpuSeconds, 0);
    const bareSeconds = bare.length ? median(bare.map((b) => b.seconds)) : Number.NaN;
    const bareCpu = bare.length ? median(bare.map((b) => b.cpuSeconds)) : Number.NaN;
    const bareRate = fileRows / bareSeconds;
    const importRate = fileRows / importSeconds;
    const before = samples.filter((s) => s.at < importStart);
    const during = samples.filter((s) => s.at >= importStart && s.at <= importEnd);
    const probeSummary = {
      before: { health: latency(before, 'health'), search: latency(before, 'search') },
      during: { health: latency(during, 'health'), search: latency(during, 'search') },
    };
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      loadavg: os.loadavg(),
      rows,
      casesEvery: every,
      fileRows,
      parts,
      csvBytes,
      bare,
      bareRowsPerSecond: bareRate,
      importCpuSeconds: importCpu,
      cpuRatio: bareCpu / importCpu,
      steps,
      importSeconds,
      importRowsPerSecond: importRate,
      reimportSeconds: again?.seconds ?? null,
      ratio: importRate / bareRate,
      databaseBytes,
      databaseFileBytes,
      largestWalBytes: largestWal,
      probe: probeSummary,
    };
    const ms = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(1)} ms`);
    const probeRow = (label: string, l: ReturnType<typeof latency>) =>
      `| ${label} | ${l.n} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.max)} | ${l.failed} |`;
    process.stdout.write(
      [
        '',
        '| What | Rows | Seconds | CPU s (all threads / importing thread) | Rows/s | ÷ bare |',
        '|---|--:|--:|--:|--:|--:|',
        ...(bare.length
          ? [
              `| Bare prepared INSERT of the same rows (median of ${runs}: ${bare.map((b) => b.seconds.toFixed(2)).join(', ')} s) | ${fmt(fileRows)} | ${bareSeconds.toFixed(2)} | ${bareCpu.toFixed(2)} | ${fmt(bareRate)} | — |`,
            ]
          : []),
        ...steps.map(
          (s) =>
            `| Corridor import: ${s.kind} | ${fmt(s.rows)} | ${s.seconds.toFixed(2)} | ${s.cpuSeconds > 0 ? `${s.cpuSeconds.toFixed(2)} / ${s.mainThreadCpuSeconds?.toFixed(2) ?? '—'}` : '—'} | ${fmt(s.rows / s.seconds)} | |`,
        ),
        `| **Corridor import, all three files** | ${fmt(fileRows)} | ${importSeconds.toFixed(2)} | ${importCpu.toFixed(2)} | ${fmt(importRate)} | ${bare.length ? `**${(100 * result.ratio).toFixed(1)}%**` : '—'} |`,
        ...(again
          ? [
              `| Corridor re-import of the beneficiaries file (all rows unchanged) | ${fmt(rows)} | ${again.seconds.toFixed(2)} | | ${fmt(rows / again.seconds)} | |`,
            ]
          : []),
        '',
        importCpu > 0 && !bare.length
          ? `CPU time of the import (user + system, all threads): ${importCpu.toFixed(2)} s; no bare insert (--runs 0).`
          : importCpu > 0
            ? `CPU time (user + system, all threads; less sensitive to other work on the machine): bare ${bareCpu.toFixed(2)} s (median), import ${importCpu.toFixed(2)} s: the import at ${((100 * bareCpu) / importCpu).toFixed(1)}% of the bare rate by CPU.`
            : 'CPU time of the import: not measured (it ran in the server process).',
        `Database after the import: ${(databaseBytes / 1e6).toFixed(1)} MB with its WAL (the database file alone ${(databaseFileBytes / 1e6).toFixed(1)} MB; the WAL at most ${(largestWal / 1e6).toFixed(1)} MB after a file).`,
        '',
        ...(probe
          ? [
              'Another process asking the server on the same database (one request at a time, 100 ms apart):',
              '',
              '| Request | n | p50 | p95 | max | not 200 |',
              '|---|--:|--:|--:|--:|--:|',
              probeRow('GET /api/health, before the import', probeSummary.before.health),
              probeRow('GET /api/health, during the import', probeSummary.during.health),
              probeRow('name search, before the import', probeSummary.before.search),
              probeRow('name search, during the import', probeSummary.during.search),
              '',
            ]
          : []),
      ].join('\n'),
    );
    fs.mkdirSync(resultsDir, { recursive: true });
    const out = path.join(resultsDir, `import-${result.at.replace(/[-:]/g, '').slice(0, 15)}.json`);
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`Raw figures: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    for (const c of children) await stop(c);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
