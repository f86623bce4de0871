// Multi-row inserts for bulk paths (the import). Kysely builds and compiles an INSERT of n rows by walking every
// value, which costs more than the database's own work for narrow rows; here the statement of `size` rows is built
// and compiled by Kysely once per process, table, columns and row count (for the engine in use, so it stays
// dialect-neutral), and every chunk runs it with its own parameters. On SQLite the driver reuses the prepared
// statement of the same text.
// In an SQLite transaction the rows are written by a one-row statement run once per row on the transaction's
// connection instead (dialects/sqlite-driver.ts writeRows; rows that may skip repeats: see insertFlat). A multi-row
// statement that fails half-way must undo its earlier rows, so SQLite copies every page it changes that existed
// before it began into a statement journal first (a few batches into an import, most of the pages of the
// random-order indexes); a one-row statement checks every constraint before writing anything and needs no journal.
// Measured on the import benchmark at 300,000 people: 25% less CPU in the writing thread for the beneficiaries file
// (docs/benchmarks.md, "Import"). The price: when a row fails, the rows before it in the same call stay written, so
// a caller must then roll back (its transaction or a savepoint of its own). Every bulk path does: a refused row
// rejects the whole import, whose transaction is rolled back.
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Trx } from './database.ts';
import { writeRowsInTransaction } from './dialects/sqlite-driver.ts';
import type { DB } from './schema.ts';

/** The most parameters one statement gets: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/** Statement texts by dialect (its adapter) and table, columns and row count: compiled once per process. */
const compiled = new WeakMap<object, Map<string, string>>();

/**
 * The text of an INSERT of `n` rows of `columns` into `table`, compiled by Kysely for the engine in use; with
 * `skipRepeats`, a row that repeats one stored (or is refused by a constraint, on SQLite) is left out instead.
 */
function insertText(trx: Trx, table: string, columns: readonly string[], n: number, skipRepeats = false): string {
  const adapter = trx.getExecutor().adapter;
  let texts = compiled.get(adapter);
  if (!texts) {
    texts = new Map();
    compiled.set(adapter, texts);
  }
  const id = `${table}(${columns.join(',')})*${n}${skipRepeats ? ' skip' : ''}`;
  let text = texts.get(id);
  if (text === undefined) {
    // Placeholder values (never null: Kysely would write a literal) compile to one parameter each.
    const dummy = Object.fromEntries(columns.map((c) => [c, 0]));
    const insert = trx.insertInto(table as keyof DB & string).values(Array.from({ length: n }, () => dummy) as never);
    const pg = adapter instanceof PostgresAdapter;
    const q = (skipRepeats ? (pg ? insert.onConflict((oc) => oc.doNothing()) : insert.orIgnore()) : insert).compile();
    if (q.parameters.length !== n * columns.length) throw new Error(`insertMany: unexpected statement for ${table}`);
    text = q.sql;
    texts.set(id, text);
  }
  return text;
}

/** Rows per statement: at most `size`, fewer when the columns would pass the parameter limit. */
const rowsPerStatement = (columns: readonly string[], size: number) =>
  Math.max(1, Math.min(size, Math.floor(MAX_PARAMETERS / columns.length)));

/** Lets the event loop serve other requests between statements (on SQLite each statement blocks the process). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Inserts `rows` into `table` in multi-row statements of at most `size` rows (fewer when the columns would pass
 * the parameter limit; in an SQLite transaction, one-row statements, `size` rows between two turns of the event
 * loop). Every row must have exactly the listed columns' values (missing ones are inserted as null). When a row is
 * refused, the caller must roll back (see above).
 */
export async function insertMany<T extends keyof DB & string>(
  trx: Trx,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  rows: readonly DB[T][],
  size = 1000,
): Promise<void> {
  if (rows.length === 0) return;
  const per = rowsPerStatement(columns, size);
  for (let i = 0; i < rows.length; i += per) {
    const end = Math.min(rows.length, i + per);
    const parameters: unknown[] = [];
    for (let j = i; j < end; j++) {
      const r = rows[j] as unknown as Record<string, unknown>;
      for (const c of columns) parameters.push(r[c] ?? null);
    }
    await runChunk(trx, table, columns, parameters, end - i);
    if (end < rows.length) await turn();
  }
}

/** Inserts `n` rows given as flat `parameters`: one-row statements in an SQLite transaction, else one multi-row. */
async function runChunk(trx: Trx, table: string, columns: readonly string[], parameters: unknown[], n: number) {
  const width = columns.length;
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter))
    if (await writeRowsInTransaction(trx, insertText(trx, table, columns, 1), parameters, width, 0, n)) return;
  await trx.executeQuery(CompiledQuery.raw(insertText(trx, table, columns, n), parameters));
}

/**
 * Inserts rows given as one flat list of values (row after row, in the order of `columns`): insertMany for narrow
 * rows written in bulk (name keys), without an object per row.
 *
 * `skipRepeats`, for a table that is a set of keys without foreign keys (name keys): a row equal to one stored is
 * left out instead of refused (PostgreSQL: on conflict do nothing; SQLite: insert or ignore, which also leaves out a
 * row with a null in a not-null column: give none). The statements then stay multi-row on SQLite too: a multi-row
 * statement that no constraint can stop half-way needs no statement journal, and for narrow rows it costs SQLite
 * less than a statement per row (measured: 1,500,000 sorted key rows into a WITHOUT ROWID table, 0.9 s of CPU
 * against 1.7 s one row at a time and 1.2 s multi-row with the journal; 6,000,000 rows, 4.7 s against 8.4 s and
 * 9.8 s).
 */
export async function insertFlat<T extends keyof DB & string>(
  trx: Trx,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  values: readonly unknown[],
  size = 1000,
  skipRepeats = false,
): Promise<void> {
  const width = columns.length;
  if (values.length % width !== 0) throw new Error(`insertFlat: ${values.length} values for ${width} columns`);
  const rows = values.length / width;
  const per = rowsPerStatement(columns, size);
  for (let i = 0; i < rows; i += per) {
    const end = Math.min(rows, i + per);
    if (
      skipRepeats ||
      trx.getExecutor().adapter instanceof PostgresAdapter ||
      !(await writeRowsInTransaction(trx, insertText(trx, table, columns, 1), values, width, i, end))
    )
      await trx.executeQuery(
        CompiledQuery.raw(insertText(trx, table, columns, end - i, skipRepeats), values.slice(i * width, end * width)),
      );
    if (end < rows) await turn();
  }
}
