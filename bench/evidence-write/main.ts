// `npm run bench -- evidence-write [--people N] [--import-rows M] [--runs R] [--pg URL] [--no-sqlite]`: what a
// write pays for keeping the evidence base's aggregates fresh (issue 5's target: at most 20% on single-record writes
// and on bulk import), measured with and without the maintenance in the same run, interleaved so that drift of a
// shared machine falls on both sides alike.
//
// Single-record writes: the service calls a route makes, each in its own transaction on the same database: open a
// trafficking case (the heaviest: people, victims by form, cases by type) and add a valued service to it. Half the
// people get theirs with maintenance on, half with it off (`maintenance.enabled`, for measurement only), in
// alternating blocks. Bulk import: runImport of a generated HTCDS trafficking-case file of M new people, then of a
// services file with one service on each of those cases (existing people), R times with and R times without,
// alternating, after one warm-up run each way; the same files also through POST /api/imports, as a client sends
// them (on SQLite the import then runs in the import worker thread, which follows the upkeep switch). `--services-per-case K` (default 1) spreads the services file's M
// rows over the first M/K cases, K services each (a file of monthly assistance to the same people).
// Every operation is timed in wall-clock and in this process's CPU time
// (the steadier figure on a shared machine). A single write's deltas wait as one pending row until a fold adds them
// to the cells (before any read, and every minute in the evidence-fold job): the benchmark folds after every 100
// single writes, times each fold, and reports the fold's cost per write it folded beside the write's own, with the
// ratio the upkeep costs including it (`ratioWithFold`). An import's grouped deltas wait as pending rows too: each
// import is followed by a fold, timed apart, and its time added to the import's in `ratioWithFold` and
// `roundRatioWithFold`. Results: bench/results/evidence-write-<time>.json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '@corridor/server/src/app.ts';
import type { AppDeps } from '@corridor/server/src/app-deps.ts';
import { createBeneficiaries, prepareBeneficiary } from '@corridor/server/src/beneficiaries/beneficiaries.service.ts';
import { addService } from '@corridor/server/src/cases/case-records.service.ts';
import { openCase } from '@corridor/server/src/cases/cases.service.ts';
import { loadConfig } from '@corridor/server/src/config.ts';
import { grantAssistanceToNewPeople, recordConsent } from '@corridor/server/src/consent/consent.service.ts';
import type { Database } from '@corridor/server/src/db/database.ts';
import { foldPending } from '@corridor/server/src/evidence/cells.repository.ts';
import { maintenance } from '@corridor/server/src/evidence/maintain.ts';
import { evidenceReader } from '@corridor/server/src/evidence/reader.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createApiToken } from '@corridor/server/src/identity/tokens.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { importHashKey, runImport } from '@corridor/server/src/imports/imports.service.ts';
import { onNewPostgresSchema, onNewSqlite, writeResults } from '../databases.ts';

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
  return { median: q(0.5), p25: q(0.25), p75: q(0.75), min: s[0]!, max: s[s.length - 1]!, n: s.length };
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** One timed operation: wall-clock and this process's CPU time (the steadier figure on a shared machine), ms. */
type Sample = { ms: number; cpuMs: number };
type Mark = { wall: number; cpu: NodeJS.CpuUsage };
const start = (): Mark => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (m: Mark): Sample => {
  const c = process.cpuUsage(m.cpu);
  return { ms: performance.now() - m.wall, cpuMs: (c.user + c.system) / 1000 };
};

/**
 * With and without upkeep: each side's median and spread, and the ratio of the medians. Imports are run in rounds
 * (one of each way in turn), so their samples pair up: `roundRatio` is then the spread of each round's ratio, which
 * the machine's drift over a run (tables growing, other load) moves less than the medians of each side.
 */
function summary(on: readonly Sample[], off: readonly Sample[], paired = false, fold?: FoldCost, folds?: Sample[]) {
  const w = (xs: readonly Sample[]) => stats(xs.map((x) => x.ms));
  const c = (xs: readonly Sample[]) => stats(xs.map((x) => x.cpuMs));
  const perWrite = fold ? foldPerWrite(fold) : null;
  const pairs = paired && on.length === off.length;
  return {
    withMs: w(on),
    withoutMs: w(off),
    ratio: round(w(on).median / w(off).median, 3),
    ...(perWrite ? { ratioWithFold: round((w(on).median + perWrite.ms) / w(off).median, 3) } : {}),
    ...(pairs ? { roundRatio: stats(on.map((x, i) => x.ms / off[i]!.ms)) } : {}),
    // An import's pending rows folded right after it (timed apart): its time added to the import's.
    ...(folds && folds.length === on.length
      ? {
          foldMs: w(folds),
          ratioWithFold: round((w(on).median + w(folds).median) / w(off).median, 3),
          ...(pairs ? { roundRatioWithFold: stats(on.map((x, i) => (x.ms + folds[i]!.ms) / off[i]!.ms)) } : {}),
        }
      : {}),
    withCpuMs: c(on),
    withoutCpuMs: c(off),
    cpuRatio: round(c(on).median / c(off).median, 3),
  };
}

/** A deterministic pseudo-random sequence (mulberry32), so every run writes the same data. */
/** The folds of a series of single writes: each fold's time, and how many writes' pending rows they took. */
type FoldCost = { folds: Sample[]; rows: number };

/** Folds the pending rows, timing it (a fold with nothing to do is not counted). */
async function timedFold(database: Database, cost: FoldCost): Promise<void> {
  const m = start();
  const n = await foldPending(database.db);
  if (n === 0) return;
  cost.folds.push(since(m));
  cost.rows += n;
}

/** A fold's cost spread over the writes it folded, ms a write (wall-clock and CPU). */
function foldPerWrite(cost: FoldCost) {
  const total = (k: keyof Sample) => cost.folds.reduce((a, f) => a + f[k], 0);
  return cost.rows ? { ms: total('ms') / cost.rows, cpuMs: total('cpuMs') / cost.rows } : { ms: 0, cpuMs: 0 };
}

/** The fold figures for the results file. */
function foldSummary(cost: FoldCost) {
  const per = foldPerWrite(cost);
  return {
    folds: cost.folds.length,
    writesFolded: cost.rows,
    foldMs: cost.folds.length ? stats(cost.folds.map((f) => f.ms)) : null,
    msPerWrite: round(per.ms, 4),
    cpuMsPerWrite: round(per.cpuMs, 4),
  };
}

/** Single writes between two folds (the evidence-fold job runs every minute; a read folds at once). */
const FOLD_EVERY = 100;

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

const FORMS = ['ForcedLabour', 'SexualExploitation', 'ForcedBegging', 'Other'];
const SEXES = ['female', 'male'];
const PCODES = ['BD10', 'BD20', 'BD30', 'BD40', 'BD50'];

async function seed(database: Database): Promise<{ p: Principal; token: string }> {
  const now = new Date();
  return database.db.transaction().execute(async (trx) => {
    const org = await createOrganisation(
      trx,
      {
        code: `EW-${randomBytes(3).toString('hex').toUpperCase()}`,
        name: 'Evidence write benchmark',
        kind: 'civil_society',
        country: 'BGD',
      },
      now,
    );
    const user = await createUser(
      trx,
      {
        organisationId: org.id,
        email: `evidence-write-${randomBytes(4).toString('hex')}@bench.corridor.invalid`,
        displayName: 'Evidence write benchmark',
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
    const { secret } = await createApiToken(
      trx,
      p,
      { name: 'Evidence write benchmark', roles: ['caseworker'], expiresInDays: 1 },
      now,
    );
    return { p, token: secret };
  });
}

/** N people with assistance and statistics grants, registered through the registry's and ledger's bulk paths. */
async function registerPeople(database: Database, p: Principal, n: number, rnd: () => number): Promise<string[]> {
  const now = new Date();
  const ids: string[] = [];
  await database.db.transaction().execute(async (trx) => {
    for (let start = 0; start < n; start += 500) {
      const batch = Array.from({ length: Math.min(500, n - start) }, (_, i) =>
        prepareBeneficiary(
          p,
          {
            nameLatin: `Person ${start + i} Bench`,
            dateOfBirth: `${1960 + Math.floor(rnd() * 40)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
            sex: SEXES[Math.floor(rnd() * 2)]!,
            citizenships: ['BGD'],
            languages: ['bn'],
            country: 'BGD',
            pcode: PCODES[Math.floor(rnd() * PCODES.length)]!,
          } as never,
          now,
        ),
      );
      await createBeneficiaries(trx, p, batch);
      await grantAssistanceToNewPeople(
        trx,
        p,
        batch.map((b) => ({ person: b.row, basis: 'consent', informationGiven: 'Benchmark.', childAssent: null })),
        now,
      );
      for (const b of batch) {
        await recordConsent(
          trx,
          database.engine,
          p,
          b.row as never,
          {
            purpose: 'statistics',
            basis: 'consent',
            action: 'grant',
            informationGiven: 'Benchmark.',
            childAssent: null,
            recipientOrganisationId: null,
            expiresAt: null,
          },
          now,
        );
        ids.push(b.row.id);
      }
    }
  });
  return ids;
}

type Op = 'open_case' | 'add_service';

/** One person's case and service, each in its own transaction; returns the two durations (ms). */
async function writeOne(database: Database, p: Principal, id: string, rnd: () => number): Promise<Record<Op, Sample>> {
  const now = new Date();
  const form = {
    type: 'trafficking' as const,
    traffickingStatus: 'ActualVictimOfTrafficking',
    statusDecidedBy: 'NGO',
    exploitationTypes: [FORMS[Math.floor(rnd() * FORMS.length)]!],
    forcedLabourIndustry: null,
    sexualExploitationTypes: [],
    methodsOfControl: [],
    recruitmentMethods: [],
    relationshipToTrafficker: null,
    perpetratorRoles: [],
    vulnerabilities: [],
    ageWhenTrafficked: null,
    traffickingEvents: [],
  };
  let t0 = start();
  const c = await database.db
    .transaction()
    .execute((trx) =>
      openCase(trx, database.engine, p, { beneficiaryId: id, form, openedOn: '2026-03-01' } as never, now),
    );
  const open = since(t0);
  t0 = start();
  await database.db.transaction().execute((trx) =>
    addService(
      trx,
      c.row,
      p,
      {
        serviceType: 'health_care',
        deliveredOn: '2026-03-02',
        valueMinor: 1000 + Math.floor(rnd() * 9000),
        currency: 'USD',
        description: null,
        planItemId: null,
      },
      now,
    ),
  );
  return { open_case: open, add_service: since(t0) };
}

/** The same two writes through the HTTP API (in-process), as a client makes them: routing, token, audit, idempotency. */
async function writeOneApi(app: App, token: string, id: string, rnd: () => number): Promise<Record<Op, Sample>> {
  const headers = { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() };
  let t0 = start();
  const c = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers,
    payload: {
      beneficiaryId: id,
      openedOn: '2026-03-01',
      form: {
        type: 'trafficking',
        traffickingStatus: 'ActualVictimOfTrafficking',
        statusDecidedBy: 'NGO',
        exploitationTypes: [FORMS[Math.floor(rnd() * FORMS.length)]!],
      },
    },
  });
  const open = since(t0);
  if (c.statusCode !== 201) throw new Error(`POST /api/cases: ${c.statusCode} ${c.body}`);
  t0 = start();
  const s = await app.inject({
    method: 'POST',
    url: `/api/cases/${c.json().id}/services`,
    headers: { ...headers, 'idempotency-key': randomUUID() },
    payload: {
      serviceType: 'health_care',
      deliveredOn: '2026-03-02',
      valueMinor: 1000 + Math.floor(rnd() * 9000),
      currency: 'USD',
    },
  });
  if (s.statusCode !== 201) throw new Error(`POST services: ${s.statusCode} ${s.body}`);
  return { open_case: open, add_service: since(t0) };
}

type App = Awaited<ReturnType<typeof createApp>>;

/** One import through POST /api/imports as a client sends it (the file already base64, outside the timing). */
async function importApi(
  app: App,
  token: string,
  data: Buffer,
  kind: 'trafficking-cases' | 'services',
): Promise<Sample> {
  const payload = {
    kind,
    filename: `${kind}.csv`,
    content: data.toString('base64'),
    ...(kind === 'services' ? {} : { basis: 'public_interest', informationGiven: 'Benchmark data: synthetic people.' }),
  };
  const t0 = start();
  const r = await app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    payload,
  });
  const taken = since(t0);
  if (r.statusCode !== 200 || r.json().created === 0)
    throw new Error(`POST /api/imports (${kind}): ${r.statusCode} ${r.body}`);
  return taken;
}

/** A generated HTCDS trafficking-case file of `rows` new people (the example file's columns). */
/** Nationalities of the generated victims (the seed's corridors): cells and deltas vary with them as in real files. */
const NATIONALITIES = ['BGD', 'NPL', 'ETH', 'NGA', 'PHL', 'SYR', 'AFG', 'MMR'];

function htcdsFile(rows: number, prefix: string, rnd: () => number): Buffer {
  const header =
    'source_id,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,prs_PrimaryLanguage,' +
    'vic_TraffickingStatus,vic_TraffickingStatusDecisionMakingOrg,vic_TypeOfExploitation';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const dob = `${1970 + Math.floor(rnd() * 35)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
    const sex = rnd() < 0.5 ? 'Feminine' : 'Masculine';
    const form = FORMS[Math.floor(rnd() * FORMS.length)];
    const nationality = NATIONALITIES[Math.floor(rnd() * NATIONALITIES.length)];
    lines.push(`${prefix}-${i},Name${i},Bench,${dob},${sex},${nationality},bn,ActualVictimOfTrafficking,NGO,${form}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * A services file on the cases of an HTCDS file made with the same prefix (by source id): `perCase` valued services
 * on each of the first rows / perCase cases.
 */
function servicesFile(rows: number, prefix: string, rnd: () => number, perCase = 1): Buffer {
  const lines = ['source_id,case_source_id,service_type,delivered_on,value_minor,currency'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `S${prefix}-${i},${prefix}-${Math.floor(i / perCase)},accommodation,2026-0${2 + Math.floor(rnd() * 3)}-01,45000,USD`,
    );
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function importOnce(
  database: Database,
  p: Principal,
  data: Buffer,
  kind: 'trafficking-cases' | 'services',
): Promise<Sample> {
  const t0 = start();
  const report = await database.db.transaction().execute((trx) =>
    runImport(
      trx,
      database.engine,
      p,
      {
        kind,
        format: 'csv',
        data,
        ...(kind === 'services'
          ? {}
          : { basis: 'public_interest', informationGiven: 'Benchmark data: synthetic people.' }),
        validateOnly: false,
      },
      { maxBytes: 200 * 1024 * 1024, maxRows: 1_000_000 },
      importHashKey(randomBytes(32)),
      new Date(),
    ),
  );
  const taken = since(t0);
  if (report.created === 0) throw new Error(`the ${kind} import created nothing`);
  return taken;
}

async function measure(
  database: Database,
  o: { people: number; importRows: number; runs: number; servicesPerCase: number },
) {
  const rnd = random(20261129);
  const { p, token } = await seed(database);
  const ids = await registerPeople(database, p, o.people, rnd);
  const apiIds = await registerPeople(database, p, o.people, rnd);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-evidence-write-app-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    CORRIDOR_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    CORRIDOR_WEB_DIST: '/nonexistent',
  });
  const deps: AppDeps = { config, database, clock: () => new Date(), secretKey: randomBytes(32) };
  const app = await createApp(deps, { logger: false });
  const api: Record<'on' | 'off', Record<Op, Sample[]>> = {
    on: { open_case: [], add_service: [] },
    off: { open_case: [], add_service: [] },
  };
  const apiFold: FoldCost = { folds: [], rows: 0 };
  for (let i = 0; i < apiIds.length; i++) {
    const on = Math.floor(i / 10) % 2 === 0;
    maintenance.enabled = on;
    const d = await writeOneApi(app, token, apiIds[i]!, rnd);
    if ((i + 1) % FOLD_EVERY === 0) await timedFold(database, apiFold);
    if (i < 20) continue;
    for (const op of ['open_case', 'add_service'] as const) api[on ? 'on' : 'off'][op].push(d[op]);
  }
  await timedFold(database, apiFold);
  // Warm-up: a few writes of each kind either way, not counted.
  for (const [i, id] of ids.slice(0, 20).entries()) {
    maintenance.enabled = i % 2 === 0;
    await writeOne(database, p, id, rnd);
  }
  const single: Record<'on' | 'off', Record<Op, Sample[]>> = {
    on: { open_case: [], add_service: [] },
    off: { open_case: [], add_service: [] },
  };
  const BLOCK = 10;
  await foldPending(database.db);
  const singleFold: FoldCost = { folds: [], rows: 0 };
  for (let i = 20; i < ids.length; i++) {
    const on = Math.floor(i / BLOCK) % 2 === 0;
    maintenance.enabled = on;
    const d = await writeOne(database, p, ids[i]!, rnd);
    for (const op of ['open_case', 'add_service'] as const) single[on ? 'on' : 'off'][op].push(d[op]);
    if ((i + 1) % FOLD_EVERY === 0) await timedFold(database, singleFold);
  }
  await timedFold(database, singleFold);
  // Each run: a file of new people with their trafficking cases, then a services file on those cases (existing
  // people: the evidence base must find what they already count for). Three ways in turn: with the upkeep as the
  // product runs it (in the writing thread, or for a large file in the evidence reader thread: reader.ts), with
  // the people read and derived in the reader thread whatever the file's size ('thread', when the machine has a
  // second processor), without upkeep. Warm-up round first, not counted.
  const modes = ['on', 'thread', 'off'] as const;
  type Mode = (typeof modes)[number];
  const bulk: Record<Mode, Sample[]> = { on: [], thread: [], off: [] };
  const bulkServices: Record<Mode, Sample[]> = { on: [], thread: [], off: [] };
  const bulkFolds = { on: [] as Sample[], thread: [] as Sample[] };
  const bulkServicesFolds = { on: [] as Sample[], thread: [] as Sample[] };
  // The same two files through POST /api/imports, as a client sends them (rounds 'on' and 'off' only).
  const apiBulk = { on: [] as Sample[], off: [] as Sample[] };
  const apiBulkServices = { on: [] as Sample[], off: [] as Sample[] };
  const apiBulkFolds: Sample[] = [];
  const apiBulkServicesFolds: Sample[] = [];
  const readerDefault = { ...evidenceReader };
  for (let r = -modes.length; r < o.runs * modes.length; r++) {
    // Each round runs the three ways in another order (on, thread, off; then thread, off, on; ...), so that none
    // is always the one after another import or on the larger tables.
    const at = r + modes.length;
    const mode = modes[(at + Math.floor(at / modes.length)) % modes.length]!;
    maintenance.enabled = mode !== 'off';
    Object.assign(evidenceReader, mode === 'thread' ? { fromBytes: 0 } : readerDefault);
    const prefix = `R${r + modes.length}`;
    // Each import's pending rows are folded right after it, timed apart (what the job or the next read pays).
    const fold = async () => {
      const m = start();
      await foldPending(database.db);
      return since(m);
    };
    const cases = await importOnce(database, p, htcdsFile(o.importRows, prefix, rnd), 'trafficking-cases');
    const casesFold = await fold();
    const services = await importOnce(
      database,
      p,
      servicesFile(o.importRows, prefix, rnd, o.servicesPerCase),
      'services',
    );
    const servicesFold = await fold();
    let viaApi: { cases: Sample; casesFold: Sample; services: Sample; servicesFold: Sample } | null = null;
    if (mode !== 'thread') {
      const apiPrefix = `A${r + modes.length}`;
      const apiCases = await importApi(app, token, htcdsFile(o.importRows, apiPrefix, rnd), 'trafficking-cases');
      const apiCasesFold = await fold();
      const apiServices = await importApi(
        app,
        token,
        servicesFile(o.importRows, apiPrefix, rnd, o.servicesPerCase),
        'services',
      );
      viaApi = { cases: apiCases, casesFold: apiCasesFold, services: apiServices, servicesFold: await fold() };
    }
    if (r < 0) continue;
    if (viaApi && mode !== 'thread') {
      apiBulk[mode].push(viaApi.cases);
      apiBulkServices[mode].push(viaApi.services);
      if (mode === 'on') {
        apiBulkFolds.push(viaApi.casesFold);
        apiBulkServicesFolds.push(viaApi.servicesFold);
      }
    }
    bulk[mode].push(cases);
    bulkServices[mode].push(services);
    if (mode !== 'off') {
      bulkFolds[mode].push(casesFold);
      bulkServicesFolds[mode].push(servicesFold);
    }
  }
  maintenance.enabled = true;
  Object.assign(evidenceReader, readerDefault);
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const ops = ['open_case', 'add_service'] as const;
  return {
    // Each write of a pair leaves its own pending row: the fold's cost per row is charged to each.
    api: Object.fromEntries(ops.map((op) => [op, summary(api.on[op], api.off[op], false, apiFold)])),
    apiFold: foldSummary(apiFold),
    single: Object.fromEntries(ops.map((op) => [op, summary(single.on[op], single.off[op], false, singleFold)])),
    singleFold: foldSummary(singleFold),
    bulkImport: { rows: o.importRows, ...summary(bulk.on, bulk.off, true, undefined, bulkFolds.on) },
    bulkServicesImport: {
      rows: o.importRows,
      people: Math.ceil(o.importRows / o.servicesPerCase),
      ...summary(bulkServices.on, bulkServices.off, true, undefined, bulkServicesFolds.on),
    },
    // Through the API: the request, the import (on SQLite in the import worker thread, import-job.ts), the duplicate
    // check, the audit entry and the commit; pairs in the order of their rounds.
    bulkImportApi: { rows: o.importRows, ...summary(apiBulk.on, apiBulk.off, true, undefined, apiBulkFolds) },
    bulkServicesImportApi: {
      rows: o.importRows,
      people: Math.ceil(o.importRows / o.servicesPerCase),
      ...summary(apiBulkServices.on, apiBulkServices.off, true, undefined, apiBulkServicesFolds),
    },
    bulkImportThread: {
      rows: o.importRows,
      ...summary(bulk.thread, bulk.off, true, undefined, bulkFolds.thread),
    },
    bulkServicesImportThread: {
      rows: o.importRows,
      people: Math.ceil(o.importRows / o.servicesPerCase),
      ...summary(bulkServices.thread, bulkServices.off, true, undefined, bulkServicesFolds.thread),
    },
  };
}

/** Runs the benchmark with the options after its name. */
export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      people: { type: 'string', default: '400' },
      'import-rows': { type: 'string', default: '1000' },
      'services-per-case': { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      pg: { type: 'string' },
      'no-sqlite': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- evidence-write [--people N (400)] [--import-rows M (1000)] [--services-per-case K (1)] [--runs R (3)] [--pg URL] [--no-sqlite]\n',
    );
    return;
  }
  const o = {
    people: Number(values.people),
    importRows: Number(values['import-rows']),
    runs: Number(values.runs),
    servicesPerCase: Number(values['services-per-case']),
  };
  if (!Number.isInteger(o.servicesPerCase) || o.servicesPerCase < 1)
    throw new Error('--services-per-case: a whole number, 1 or more');
  const results: Record<string, unknown> = { benchmark: 'evidence-write', at: new Date().toISOString(), ...o };
  if (!values['no-sqlite']) results.sqlite = await onNewSqlite('evidence-write', (database) => measure(database, o));
  if (values.pg)
    results.postgres = await onNewPostgresSchema(values.pg, 'evidence-write', (database) => measure(database, o));
  writeResults('evidence-write', results);
}
