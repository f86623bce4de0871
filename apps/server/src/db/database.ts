import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { CorridorSqliteDialect, CorridorSqliteDriver, isBusy, StatementCache } from './dialects/sqlite-driver.ts';
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
  /** SQLite: how long a write waits for another process's write lock before a 503 (default 5 s). */
  busyTimeoutMs?: number;
};

/**
 * Runs one read query of `db/prepared.ts` without Kysely's executor. Returns undefined when the query must go
 * through Kysely after all (SQLite while a transaction holds the connection: the read must wait for it).
 */
export type DirectReader = (
  name: string,
  sql: string,
  parameters: readonly unknown[],
) => Promise<unknown[]> | undefined;

const directReaders = new WeakMap<object, DirectReader>();

/** The direct reader of a root database instance (never of a transaction), if it has one. */
export function directReaderOf(db: object): DirectReader | undefined {
  return directReaders.get(db);
}

/**
 * Runs one small write whose loss on a power cut is harmless (a rate-limit counter) without waiting for an fsync:
 * answers its `returning` rows, or undefined when it must go through Kysely after all (PostgreSQL; SQLite while a
 * transaction holds the connection).
 */
export type RelaxedWriter = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]> | undefined;

const relaxedWriters = new WeakMap<object, RelaxedWriter>();

/** The relaxed writer of a root database instance (never of a transaction), if it has one. */
export function relaxedWriterOf(db: object): RelaxedWriter | undefined {
  return relaxedWriters.get(db);
}

/**
 * Marks a PostgreSQL statement to run as a named statement on whatever connection runs it (a transaction's too):
 * parsed and planned once per connection, then only bound and run (PostgreSQL keeps a generic plan after a few
 * runs). For the few statements every write runs; their text must be one of a small set (the name is a digest of
 * the text, and each connection keeps every named statement it has seen until it closes). Without the mark, the
 * driver sends an unnamed statement, parsed and planned at every run. SQLite ignores the mark (a comment).
 */
export const NAMED_STATEMENT = '/* corridor:named */ ';

/** `text` marked to run as a named statement on PostgreSQL (NAMED_STATEMENT). */
export function namedStatement(text: string): string {
  return text.startsWith(NAMED_STATEMENT) ? text : `${NAMED_STATEMENT}${text}`;
}

/** `text` without the NAMED_STATEMENT mark (to put it inside another statement). */
export function unmarked(text: string): string {
  return text.startsWith(NAMED_STATEMENT) ? text.slice(NAMED_STATEMENT.length) : text;
}

/**
 * Statement texts made from two others (a write's and the cells' upsert, a read's and the person's), kept by both:
 * a caller sends one of a few pairs, each call with a new string of the same text, so the combined text is made once
 * and keeps its name (runMarkedAsNamed hashes a text the first time it sees it). Emptied past 100 first texts.
 */
export class CombinedTexts {
  private readonly byFirst = new Map<string, Map<string, string>>();
  constructor(private readonly combine: (first: string, second: string) => string) {}
  get(first: string, second: string): string {
    let bySecond = this.byFirst.get(first);
    if (!bySecond) {
      if (this.byFirst.size > 100) this.byFirst.clear();
      bySecond = new Map();
      this.byFirst.set(first, bySecond);
    }
    let text = bySecond.get(second);
    if (!text) {
      text = this.combine(first, second);
      bySecond.set(second, text);
    }
    return text;
  }
}

/** How to open another connection to the database a PostgreSQL pool's connections reach (the same schema too). */
export type PostgresSource = { url: string; options: string | null };

/** A text no connection sends to the server: the pooled client answers it with its PostgresSource. */
const CONNECTION_SOURCE = '/* corridor:connection-source */';

/**
 * The PostgresSource of a transaction (or database) on PostgreSQL, for a reader of its own (evidence/reader.ts);
 * null on the embedded database.
 */
export async function postgresSourceOf(trx: Db | Trx): Promise<PostgresSource | null> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return null;
  const rows = (await trx.executeQuery(CompiledQuery.raw(CONNECTION_SOURCE, []))).rows as PostgresSource[];
  return rows[0] ?? null;
}

/** The current name of each marked text: a digest of the text and a generation (see runMarkedAsNamed). */
const statementDigests = new Map<string, string>();

/**
 * Makes a pooled PostgreSQL client run the texts marked with NAMED_STATEMENT as named statements. When a migration
 * has changed a table under a named statement so that its result changes, PostgreSQL refuses the old plan ("cached
 * plan must not change result type", 0A000): the marked statements then get new names (a new generation), prepared
 * afresh; the statement is run again at once outside a transaction, and the next transaction on the connection
 * prepares it anew (a transaction that met the error has failed already; only a migration by another process while
 * this one runs can cause it, and the marked statements name their columns, so it takes a changed column type).
 */
function runMarkedAsNamed(client: pg.PoolClient, generation: { n: number }, source: PostgresSource): void {
  const query = client.query as (...args: unknown[]) => unknown;
  let inTransaction = false;
  const named = (text: string, values: unknown) => {
    let digest = statementDigests.get(text);
    if (!digest) {
      digest = createHash('sha256').update(text).digest('hex').slice(0, 24);
      if (statementDigests.size >= 10_000) statementDigests.clear();
      statementDigests.set(text, digest);
    }
    return query.call(client, { name: `corridor_${digest}_${generation.n}`, text, values }) as Promise<pg.QueryResult>;
  };
  client.query = function (this: pg.PoolClient, ...args: unknown[]) {
    const [text, values] = args;
    if (typeof text === 'string' && args.length <= 2) {
      if (text === CONNECTION_SOURCE)
        return Promise.resolve({ command: 'SELECT', rowCount: 1, rows: [source], fields: [], oid: 0 });
      if (/^\s*(begin|start transaction)\b/i.test(text)) inTransaction = true;
      else if (/^\s*(commit|rollback)\s*$/i.test(text)) inTransaction = false;
      else if (text.startsWith(NAMED_STATEMENT)) {
        const at = generation.n;
        const within = inTransaction;
        return named(text, values).catch((err: unknown) => {
          if ((err as { code?: unknown }).code !== '0A000') throw err;
          if (generation.n === at) generation.n++;
          if (within) throw err;
          return named(text, values);
        });
      }
    }
    return query.apply(client, args);
  } as typeof client.query;
}

/** Opens the embedded SQLite database, or PostgreSQL when a URL is given. */
export function openDatabase(opts: OpenOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const marked = { n: 0 };
    const source: PostgresSource = {
      url: opts.databaseUrl,
      options: opts.pgSchema ? `-c search_path=${opts.pgSchema}` : null,
    };
    pool.on('connect', (client) => runMarkedAsNamed(client, marked, source));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    // A named statement is parsed and planned once per connection, then only bound and run. When a migration has
    // changed a table under it (another process may migrate while this one runs), PostgreSQL refuses the old plan
    // ("cached plan must not change result type", 0A000): the statements then get new names, prepared afresh.
    let generation = 0;
    directReaders.set(db, async (name, text, values) => {
      const run = () => pool.query({ name: `${name}_${generation}`, text, values: [...values] });
      try {
        return (await run()).rows;
      } catch (err) {
        if ((err as { code?: unknown }).code !== '0A000') throw err;
        generation++;
        return (await run()).rows;
      }
    });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer. synchronous=FULL fsyncs the WAL at every commit, so a write the
  // API has acknowledged survives power loss, not only a process crash (NORMAL would only survive the latter).
  sqlite.pragma('journal_mode = WAL');
  const synchronous = opts.synchronous ?? 'FULL';
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  // Never wait inside SQLite for another process's write lock: that would stall this whole process. The driver
  // retries asynchronously instead (db/dialects/sqlite-driver.ts).
  sqlite.pragma('busy_timeout = 0');
  const writer = new StatementCache(sqlite);
  // A second, read-only connection for reads outside transactions (not possible for an in-memory database).
  let reader: StatementCache | undefined;
  if (file !== ':memory:') {
    const r = new SQLite(file, { readonly: true });
    r.pragma('busy_timeout = 5000');
    reader = new StatementCache(r);
  }
  const driver = new CorridorSqliteDriver({ writer, reader, busyTimeoutMs: opts.busyTimeoutMs ?? 5000 });
  const db = new Kysely<DB>({ dialect: new CorridorSqliteDialect(driver) });
  // The queries of every request run without Kysely's executor: on the read connection, or (in memory) on the
  // only one when no transaction holds it; while one does, the read goes through Kysely and waits for it.
  directReaders.set(db, (_name, text, parameters) => {
    const on = reader ?? (driver.writerBusy ? undefined : writer);
    if (!on) return undefined;
    const stmt = on.prepare(text);
    return stmt.reader ? Promise.resolve(stmt.all(parameters)) : undefined;
  });
  // A counter write outside any transaction commits with synchronous=NORMAL: in WAL mode that skips the fsync of
  // its own commit (it survives a process crash, not a power cut), and the next FULL commit fsyncs the WAL with it
  // in, so every other write stays as durable as before. Nothing interleaves: the three steps run synchronously.
  // When a transaction of this process or another process holds the write lock, the write goes through Kysely,
  // which waits for it.
  const relaxed = sqlite.prepare('pragma synchronous = NORMAL');
  const strict = sqlite.prepare(`pragma synchronous = ${synchronous}`);
  relaxedWriters.set(db, (text, parameters) => {
    if (driver.writerBusy || sqlite.inTransaction) return undefined;
    const stmt = writer.prepare(text);
    relaxed.run();
    try {
      if (stmt.reader) return Promise.resolve(stmt.all(parameters));
      stmt.run(parameters);
      return Promise.resolve([]);
    } catch (err) {
      if (isBusy(err)) return undefined;
      return Promise.reject(err);
    } finally {
      strict.run();
    }
  });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    close: async () => {
      await db.destroy();
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
