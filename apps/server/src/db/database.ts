import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { DB } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;

/** An open database: the Kysely instance, which engine is under it, and how to close it. */
export type Database = {
  db: Db;
  engine: Engine;
  /** Only for the embedded engine: the raw handle, used by backup. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
};

// PostgreSQL returns timestamptz as Date; Corridor passes timestamps as ISO strings on both engines.
const parseTimestamptz = pg.types.getTypeParser(1184);
pg.types.setTypeParser(1184, (v: string) => (parseTimestamptz(v) as Date).toISOString());
// int8 (count(*)) as a number: counts in Corridor stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** Options for opening a database; tests pass a schema (PostgreSQL) or a file (SQLite) of their own. */
export type OpenOptions = {
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  synchronous?: 'FULL' | 'NORMAL';
  pgSchema?: string;
  poolSize?: number;
};

/** Opens the embedded SQLite database, or PostgreSQL when a URL is given. */
export function openDatabase(opts: OpenOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer. synchronous=FULL fsyncs the WAL at every commit, so a write the
  // API has acknowledged survives power loss, not only a process crash (NORMAL would only survive the latter).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query afresh; preparing costs more than running a small query. This keeps
 * the prepared statements of recent SQL texts (the same texts recur: queries differ only in their parameters).
 * Statements are run synchronously to completion by the driver, so sharing one is safe.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(text: string): SQLite.Statement {
      let stmt = cache.get(text);
      if (stmt) {
        // refresh its place for least-recently-used eviction
        cache.delete(text);
        cache.set(text, stmt);
        return stmt;
      }
      stmt = sqlite.prepare(text);
      cache.set(text, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}

/** Opens the database the configuration names. */
export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    synchronous: config.sqliteSynchronous,
  });
}
