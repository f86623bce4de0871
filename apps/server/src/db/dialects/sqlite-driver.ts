// Corridor's Kysely driver for the embedded database. SQLite allows one writer per file at a time, and
// better-sqlite3 runs every statement synchronously on Node's only thread, so two things must never happen: a
// request waiting for the write lock inside SQLite (its busy handler would stall the whole process, every other
// request with it), and a read queuing behind a long write transaction of the same process (a bulk import holds
// the write lock for minutes). So:
// - Reads outside a transaction run on a second, read-only connection of their own. In WAL mode it reads the last
//   committed state beside the writer, never waiting for it and never seeing its uncommitted rows.
// - Transactions start with BEGIN IMMEDIATE (they all write: only write routes and jobs open one), so the write
//   lock is taken at the start or not at all. When another process holds it (a `corridor import` beside the
//   server), the attempt fails at once and is retried after a short asynchronous pause, with this process free to
//   serve other requests meanwhile; after `busyTimeoutMs` the request gets a 503 saying why.
// - Single writes outside a transaction (autocommit) are retried the same way: a refused statement did nothing.
// An in-memory database cannot have a second connection: there reads outside a transaction wait for the writer,
// as Kysely's own driver does.
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery as Compiled,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';
import { DomainError } from '../../errors.ts';

/** A FIFO lock: whoever holds it owns the writer connection. */
class Lock {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  get isHeld(): boolean {
    return this.held;
  }
  async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/** Caches prepared statements by SQL text (preparing costs more than running a small query). */
export class StatementCache {
  private readonly cache = new Map<string, SQLite.Statement>();
  constructor(
    readonly handle: SQLite.Database,
    private readonly max = 500,
  ) {}
  prepare(text: string): SQLite.Statement {
    let stmt = this.cache.get(text);
    if (stmt) {
      // refresh its place for least-recently-used eviction
      this.cache.delete(text);
      this.cache.set(text, stmt);
      return stmt;
    }
    stmt = this.handle.prepare(text);
    this.cache.set(text, stmt);
    if (this.cache.size > this.max) this.cache.delete(this.cache.keys().next().value as string);
    return stmt;
  }
}

export const isBusy = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function run(cache: StatementCache, q: CompiledQuery): QueryResult<unknown> {
  const stmt = cache.prepare(q.sql);
  if (stmt.reader) return { rows: stmt.all(q.parameters as unknown[]) };
  const r = stmt.run(q.parameters as unknown[]);
  return {
    rows: [],
    numAffectedRows: BigInt(r.changes),
    insertId: r.lastInsertRowid === undefined ? undefined : BigInt(r.lastInsertRowid),
  };
}

/** Statements that may read on the read connection outside a transaction (writes and pragmas never do). */
const readable = /^\s*(select|with)\b/i;

export type CorridorSqliteOptions = {
  writer: StatementCache;
  /** The read-only connection; absent for an in-memory database. */
  reader: StatementCache | undefined;
  /** How long a write may wait for another process's write lock before the request gets a 503. */
  busyTimeoutMs: number;
};

/** One use of the database by Kysely: a plain query, or a transaction that owns the writer until it ends. */
class Connection implements DatabaseConnection {
  inTransaction = false;
  constructor(private readonly driver: CorridorSqliteDriver) {}
  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute(this, q) as Promise<QueryResult<R>>;
  }
  /**
   * Inside a transaction (this connection owns the writer): runs a read and answers its rows as arrays of column
   * values, without building an object per row. Undefined outside a transaction.
   */
  readRows(sql: string, parameters: readonly unknown[]): unknown[][] | undefined {
    if (!this.inTransaction) return undefined;
    const stmt = this.driver.opts.writer.prepare(sql);
    return stmt.raw(true).all(parameters as unknown[]) as unknown[][];
  }
  /**
   * Inside a transaction: runs a one-row write once per row of `values` (flat, `width` values a row, rows `from` to
   * `to`) on the cached statement (bulk inserts: unlike a multi-row statement, it needs no statement journal; see
   * db/bulk-insert.ts). A refused row stops there, the rows before it stay written. False outside a transaction.
   */
  writeRows(sql: string, values: readonly unknown[], width: number, from: number, to: number): boolean {
    if (!this.inTransaction) return false;
    const stmt = this.driver.opts.writer.prepare(sql);
    const row: unknown[] = new Array(width);
    for (let r = from; r < to; r++) {
      const at = r * width;
      for (let c = 0; c < width; c++) row[c] = values[at + c];
      stmt.run(row);
    }
    return true;
  }
  /** The database file this connection writes (null for an in-memory database). */
  fileName(): string | null {
    const handle = this.driver.opts.writer.handle;
    return handle.memory ? null : handle.name;
  }
  // biome-ignore lint/correctness/useYield: streaming is not supported; the error says so
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on the embedded database');
  }
}

export class CorridorSqliteDriver implements Driver {
  private readonly lock = new Lock();
  constructor(readonly opts: CorridorSqliteOptions) {}

  /** True while a transaction of this process holds the writer. */
  get writerBusy(): boolean {
    return this.lock.isHeld;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this);
  }

  /**
   * Runs `attempt` on the writer while holding the lock, retrying after short pauses while another process holds
   * SQLite's write lock (the lock is let go during each pause, so reads and other work go on). Keeps the lock
   * when `keep` is true and the attempt succeeded (a transaction begun).
   */
  private async withWriter<T>(attempt: () => T, keep: boolean): Promise<T> {
    const deadline = Date.now() + this.opts.busyTimeoutMs;
    let wait = 2;
    for (;;) {
      await this.lock.acquire();
      try {
        const out = attempt();
        if (!keep) this.lock.release();
        return out;
      } catch (err) {
        this.lock.release();
        if (!isBusy(err)) throw err;
        if (Date.now() >= deadline)
          throw new DomainError(
            'service_unavailable',
            'The database is busy with a long write (such as a bulk import); try again in a few seconds.',
          );
      }
      await pause(wait);
      wait = Math.min(wait * 2, 50);
    }
  }

  async execute(c: Connection, q: CompiledQuery): Promise<QueryResult<unknown>> {
    if (c.inTransaction) return run(this.opts.writer, q);
    const { reader } = this.opts;
    if (reader && readable.test(q.sql)) {
      const stmt = reader.prepare(q.sql);
      if (stmt.reader) return { rows: stmt.all(q.parameters as unknown[]) };
    }
    if (!reader && !this.lock.isHeld) {
      // In-memory: one connection; a query outside a transaction runs when no transaction holds it.
      try {
        return run(this.opts.writer, q);
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
    }
    return this.withWriter(() => run(this.opts.writer, q), false);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const c = connection as Connection;
    await this.withWriter(() => run(this.opts.writer, Compiled.raw('begin immediate')), true);
    c.inTransaction = true;
  }

  private end(c: Connection, statement: 'commit' | 'rollback'): void {
    // Already over: a commit that failed was rolled back and let go of the lock (Kysely then asks for a rollback).
    if (!c.inTransaction) return;
    try {
      // SQLite may have rolled the transaction back itself already (after some errors).
      if (statement === 'commit' || this.opts.writer.handle.inTransaction)
        run(this.opts.writer, Compiled.raw(statement));
    } finally {
      // A failed commit leaves SQLite's transaction open or rolled back; either way this use is over.
      if (this.opts.writer.handle.inTransaction) this.opts.writer.handle.exec('rollback');
      c.inTransaction = false;
      this.lock.release();
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.end(connection as Connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.end(connection as Connection, 'rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(Compiled.raw(`savepoint ${identifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(Compiled.raw(`rollback to ${identifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(Compiled.raw(`release ${identifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    // A transaction Kysely gave up on without commit or rollback (it always ends one, but never leak the lock).
    if (c.inTransaction) this.end(c, 'rollback');
  }

  async destroy(): Promise<void> {
    this.opts.reader?.handle.close();
    this.opts.writer.handle.close();
  }
}

/**
 * Runs a read on an SQLite transaction's own connection, answering rows as arrays of column values (the statement,
 * cached by its text, is left in that mode: give it a text of its own). Undefined when `trx` is not a transaction of
 * the embedded database (PostgreSQL: run the query through Kysely instead).
 */
export async function readRowsInTransaction(
  trx: { getExecutor(): { provideConnection<T>(fn: (c: DatabaseConnection) => Promise<T>): Promise<T> } },
  sql: string,
  parameters: readonly unknown[],
): Promise<unknown[][] | undefined> {
  return trx
    .getExecutor()
    .provideConnection(async (c) => (c instanceof Connection ? c.readRows(sql, parameters) : undefined));
}

/**
 * The file of the embedded database a transaction writes; null on PostgreSQL and for an in-memory database. While
 * the transaction runs it holds the write lock (BEGIN IMMEDIATE), so another connection to this file reads the
 * database exactly as it was when the transaction began (none of its uncommitted writes, nobody else's).
 */
export async function sqliteFileOf(trx: {
  getExecutor(): { provideConnection<T>(fn: (c: DatabaseConnection) => Promise<T>): Promise<T> };
}): Promise<string | null> {
  return trx.getExecutor().provideConnection(async (c) => (c instanceof Connection ? c.fileName() : null));
}

/**
 * Runs a one-row write for each row of `values` on an SQLite transaction's own connection (Connection.writeRows);
 * false when `trx` is not a transaction of the embedded database (PostgreSQL: use multi-row statements instead).
 */
export async function writeRowsInTransaction(
  trx: { getExecutor(): { provideConnection<T>(fn: (c: DatabaseConnection) => Promise<T>): Promise<T> } },
  sql: string,
  values: readonly unknown[],
  width: number,
  from: number,
  to: number,
): Promise<boolean> {
  return trx
    .getExecutor()
    .provideConnection(async (c) => c instanceof Connection && c.writeRows(sql, values, width, from, to));
}

const identifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Kysely's SQLite dialect (compiler, adapter, introspector) with Corridor's driver. */
export class CorridorSqliteDialect extends SqliteDialect {
  constructor(readonly driver: CorridorSqliteDriver) {
    super({ database: driver.opts.writer.handle });
  }
  override createDriver(): Driver {
    return this.driver;
  }
}
