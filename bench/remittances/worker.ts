// One measured step of the remittances benchmark, in a process of its own:
//   parse FILE                  read and parse the CSV file, nothing else (the floor)
//   import FILE                 on a fresh database (CORRIDOR_DATA_DIR / BENCH_PG_URL+BENCH_PG_SCHEMA): import the
//                               file through the same service as the API and the CLI, then compute SDG 10.c.1
//   seed-page FILE              migrate the configured database and import FILE (for the page benchmark)
// Prints one line of JSON.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@corridor/server/src/config.ts';
import { type Database, openConfiguredDatabase, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { importQuotes, sdg10c1Report } from '@corridor/server/src/remittances/remittances.service.ts';
import { parse } from 'csv-parse/sync';

async function analyst(database: Database): Promise<Principal> {
  const now = new Date();
  return database.db.transaction().execute(async (trx) => {
    const org = await createOrganisation(
      trx,
      {
        code: `RB${Date.now().toString(36).toUpperCase()}`,
        name: 'Benchmark organisation',
        kind: 'civil_society',
        country: 'SDN',
      },
      now,
    );
    const u = await createUser(
      trx,
      {
        organisationId: org.id,
        email: `bench${Date.now()}@bench.corridor.invalid`,
        displayName: 'Benchmark analyst',
        roles: ['analyst'],
        locale: 'en',
        password: `Bq7!${Math.random().toString(36).slice(2)}Zx9#long`,
      },
      now,
    );
    return {
      kind: 'session',
      userId: u.id,
      id: u.id,
      organisationId: org.id,
      roles: ['analyst'],
      secondFactor: 'none',
    };
  });
}

const LIMITS = { maxBytes: 2_000_000_000, maxRows: 5_000_000 };

function openDb(): Database {
  const url = process.env.BENCH_PG_URL;
  if (url) return openDatabase({ databaseUrl: url, pgSchema: process.env.BENCH_PG_SCHEMA!, poolSize: 2 });
  return openDatabase({ sqliteFile: path.join(process.env.BENCH_DIR!, 'corridor.sqlite') });
}

const [mode, file] = process.argv.slice(2);
try {
  if (!file) throw new Error('no file');
  if (mode === 'parse') {
    const t0 = performance.now();
    const rows = parse(fs.readFileSync(file, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
    process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, rows: rows.length - 1 })}\n`);
  } else if (mode === 'import') {
    const database = openDb();
    await migrateToLatest(database.db, database.engine);
    const p = await analyst(database);
    const t0 = performance.now();
    const data = fs.readFileSync(file);
    const report = await database.db
      .transaction()
      .execute((trx) => importQuotes(trx, p, { format: 'csv', data, validateOnly: false }, LIMITS, new Date()));
    const t1 = performance.now();
    const figures = await sdg10c1Report(database.db, {}, new Date());
    const t2 = performance.now();
    await database.close();
    process.stdout.write(
      `${JSON.stringify({
        ms: t2 - t0,
        importMs: t1 - t0,
        computeMs: t2 - t1,
        rows: report.rows,
        exclusions: report.exclusions.length,
        quarters: figures.periods.length,
        corridorsAboveTarget: figures.periods.at(-1)?.corridorsAboveTarget.length ?? 0,
      })}\n`,
    );
  } else if (mode === 'seed-page') {
    const database = openConfiguredDatabase(loadConfig());
    await migrateToLatest(database.db, database.engine);
    const p = await analyst(database);
    const data = fs.readFileSync(file);
    const r = await database.db
      .transaction()
      .execute((trx) => importQuotes(trx, p, { format: 'csv', data, validateOnly: false }, LIMITS, new Date()));
    await database.close();
    process.stdout.write(`${JSON.stringify({ rows: r.rows })}\n`);
  } else throw new Error(`unknown mode ${mode}`);
} catch (err) {
  process.stderr.write(`worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
