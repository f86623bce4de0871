// The databases a benchmark measures on, each created for the run and removed after it: a migrated embedded database
// in a temporary folder, and a migrated PostgreSQL schema of its own (the URL's database, a new schema, dropped
// afterwards); and where the results go.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import pg from 'pg';

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** Runs `fn` on a new migrated embedded database (`<name>.sqlite` in a temporary folder), then deletes it. */
export async function onNewSqlite<T>(name: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `corridor-${name}-`));
  const database = openDatabase({ sqliteFile: path.join(dir, `${name}.sqlite`) });
  try {
    await migrateToLatest(database.db, database.engine);
    return await fn(database);
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` on a new migrated schema `bench_<name>_<random>` of the PostgreSQL at `url`, then drops it. */
export async function onNewPostgresSchema<T>(url: string, name: string, fn: (database: Database) => Promise<T>) {
  const schema = `bench_${name.replaceAll('-', '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
    const database = openDatabase({ databaseUrl: url, pgSchema: schema });
    try {
      await migrateToLatest(database.db, database.engine);
      return await fn(database);
    } finally {
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
    }
  } finally {
    await admin.end();
  }
}

/** Writes a run's results to bench/results/<name>-<time>.json and prints them, then the file's path. */
export function writeResults(name: string, results: Record<string, unknown>): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}-${Date.now()}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n${file}\n`);
  return file;
}
