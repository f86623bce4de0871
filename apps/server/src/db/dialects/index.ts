// Everything that differs between SQLite and PostgreSQL lives here, behind small functions.
import { sql } from 'kysely';
import { DomainError } from '../../errors.ts';
import { type Engine, NAMED_STATEMENT, type Trx } from '../database.ts';

/** Serialises writers of the audit hash chain for the rest of the transaction. */
export async function lockAuditChain(trx: Trx, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    // A transaction-scoped advisory lock: released at commit or rollback, shared by every server process.
    await sql`select pg_advisory_xact_lock(7011001)`.execute(trx);
  }
  // SQLite: Kysely runs one transaction at a time on its single connection, and SQLite itself allows one
  // writer per file, so the chain is already serialised.
}

type DriverError = { code?: unknown; constraint?: unknown; message?: unknown };

/** Names the constraint kind a driver error reports, on either engine, or null when it is not one. */
export function constraintKind(err: unknown): 'unique' | 'foreign_key' | 'not_null' | 'check' | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = String((err as DriverError).code ?? '');
  switch (code) {
    case '23505':
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'unique';
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign_key';
    case '23502':
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return 'not_null';
    case '23514':
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'check';
    default:
      return null;
  }
}

/**
 * Translates a constraint violation of either engine into the same domain error; returns the input unchanged
 * when it is not a constraint violation. The driver's message (which may quote values) is never passed on.
 */
export function translateDatabaseError(err: unknown): unknown {
  switch (constraintKind(err)) {
    case 'unique':
      return new DomainError('conflict', 'A record with the same unique value already exists.');
    case 'foreign_key':
      return new DomainError('invalid_reference', 'The request refers to a record that does not exist.');
    case 'not_null':
    case 'check':
      return new DomainError('validation_failed', 'A value breaks a rule of the data model.');
    default:
      return err;
  }
}

/** Case-insensitive substring match on a column, the same on both engines. */
export function containsInsensitive(engine: Engine): 'ilike' | 'like' {
  // SQLite's LIKE is case-insensitive for ASCII already; PostgreSQL needs ILIKE.
  return engine === 'postgres' ? 'ilike' : 'like';
}

/**
 * Locks one row of `table` (by `id`) until the transaction ends, so concurrent writers that depend on it
 * queue up. PostgreSQL: SELECT ... FOR UPDATE. SQLite: a no-op, writers are already serialised per file.
 */
export async function lockRowForUpdate(trx: Trx, engine: Engine, table: string, id: string): Promise<void> {
  if (engine === 'postgres')
    await sql`${sql.raw(NAMED_STATEMENT)}select 1 from ${sql.table(table)} where id = ${id} for update`.execute(trx);
}

/**
 * Runs `fn` with a page cache of `mib` MiB on this SQLite connection, then restores the previous size. For bulk
 * writes (the import) that touch far more pages than the default 2 MB cache holds: SQLite would otherwise spill
 * dirty pages to the WAL and write the same pages there again and again. PostgreSQL: nothing to do (its buffers
 * are the server's).
 */
export async function withLargePageCache<T>(trx: Trx, engine: Engine, mib: number, fn: () => Promise<T>): Promise<T> {
  if (engine !== 'sqlite') return fn();
  const r = await sql<{ cache_size: number }>`pragma cache_size`.execute(trx);
  const before = Number(r.rows[0]?.cache_size ?? -2000);
  await sql.raw(`pragma cache_size = ${-Math.round(mib * 1024)}`).execute(trx);
  try {
    return await fn();
  } finally {
    await sql.raw(`pragma cache_size = ${Math.trunc(before)}`).execute(trx);
  }
}
