// Multi-row inserts for bulk paths (the import). Kysely builds and compiles an INSERT of n rows by walking every
// value, which costs more than the database's own work for narrow rows; here the statement of `size` rows is built
// and compiled by Kysely once per process, table, columns and row count (for the engine in use, so it stays
// dialect-neutral), and every chunk runs it with its own parameters. On SQLite the driver reuses the prepared
// statement of the same text.
import { CompiledQuery } from 'kysely';
import type { Trx } from './database.ts';
import type { DB } from './schema.ts';

/** The most parameters one statement gets: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/** Statement texts by dialect (its adapter) and table, columns and row count: compiled once per process. */
const compiled = new WeakMap<object, Map<string, string>>();

/** The text of an INSERT of `n` rows of `columns` into `table`, compiled by Kysely for the engine in use. */
function insertText(trx: Trx, table: string, columns: readonly string[], n: number): string {
  const adapter = trx.getExecutor().adapter;
  let texts = compiled.get(adapter);
  if (!texts) {
    texts = new Map();
    compiled.set(adapter, texts);
  }
  const id = `${table}(${columns.join(',')})*${n}`;
  let text = texts.get(id);
  if (text === undefined) {
    // Placeholder values (never null: Kysely would write a literal) compile to one parameter each.
    const dummy = Object.fromEntries(columns.map((c) => [c, 0]));
    const q = trx
      .insertInto(table as keyof DB & string)
      .values(Array.from({ length: n }, () => dummy) as never)
      .compile();
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
 * the parameter limit). Every row must have exactly the listed columns' values (missing ones are inserted as null).
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
    await trx.executeQuery(CompiledQuery.raw(insertText(trx, table, columns, end - i), parameters));
    if (end < rows.length) await turn();
  }
}

/**
 * Inserts rows given as one flat list of values (row after row, in the order of `columns`): insertMany for narrow
 * rows written in bulk (name keys), without an object per row.
 */
export async function insertFlat<T extends keyof DB & string>(
  trx: Trx,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  values: readonly unknown[],
  size = 1000,
): Promise<void> {
  const width = columns.length;
  if (values.length % width !== 0) throw new Error(`insertFlat: ${values.length} values for ${width} columns`);
  const rows = values.length / width;
  const per = rowsPerStatement(columns, size);
  for (let i = 0; i < rows; i += per) {
    const end = Math.min(rows, i + per);
    await trx.executeQuery(
      CompiledQuery.raw(insertText(trx, table, columns, end - i), values.slice(i * width, end * width)),
    );
    if (end < rows) await turn();
  }
}
