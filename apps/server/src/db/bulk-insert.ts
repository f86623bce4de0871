// Multi-row inserts for bulk paths (the import). Kysely builds and compiles an INSERT of n rows by walking every
// value, which costs more than the database's own work for narrow rows; here the statement of `size` rows is built
// and compiled by Kysely once per call (for the engine in use, so it stays dialect-neutral), and every chunk runs it
// with its own parameters. On SQLite the driver reuses the prepared statement of the same text.
import { CompiledQuery } from 'kysely';
import type { Trx } from './database.ts';
import type { DB } from './schema.ts';

/** The most parameters one statement gets: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

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
  const per = Math.max(1, Math.min(size, Math.floor(MAX_PARAMETERS / columns.length)));
  const texts = new Map<number, string>();
  const textFor = (n: number): string => {
    let text = texts.get(n);
    if (text === undefined) {
      // Placeholder values (never null: Kysely would write a literal) compile to one parameter each.
      const dummy = Object.fromEntries(columns.map((c) => [c, 0]));
      const q = trx
        .insertInto(table)
        .values(Array.from({ length: n }, () => dummy) as never)
        .compile();
      if (q.parameters.length !== n * columns.length) throw new Error(`insertMany: unexpected statement for ${table}`);
      text = q.sql;
      texts.set(n, text);
    }
    return text;
  };
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      const r = row as unknown as Record<string, unknown>;
      for (const c of columns) parameters.push(r[c] ?? null);
    }
    await trx.executeQuery(CompiledQuery.raw(textFor(chunk.length), parameters));
    // Let the event loop serve other requests between chunks (on SQLite each statement blocks the process).
    if (i + per < rows.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
