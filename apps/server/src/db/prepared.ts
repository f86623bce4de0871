import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { directReaderOf } from './database.ts';

// Marks where an argument goes when a query is compiled once; never a value a caller could send.
const SENTINEL = '\u0000corridor-arg:';

// Names the PostgreSQL statements, one per prepared query.
let count = 0;

/**
 * A query built with Kysely once per database and then run with new arguments, without building and compiling
 * it again: for the few queries every request runs (authentication). The query is compiled by Kysely for the
 * engine in use, so it stays dialect-neutral; `arg(name)` stands for a value given at run time.
 *
 * On the root database instance the query runs without Kysely's executor (`directReaderOf`): on SQLite straight on
 * the cached statement, on PostgreSQL as a named statement (parsed and planned once per connection). Inside a
 * transaction it runs through Kysely as usual.
 */
export function preparedQuery<DB, Args extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, arg: <K extends keyof Args & string>(name: K) => Args[K]) => Compilable<R>,
) {
  const name = `corridor_prepared_${++count}`;
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: (string | null)[] }>();
  return async (db: Kysely<DB>, args: Args): Promise<R[]> => {
    // Compile against the root instance (a transaction compiles the same text).
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db, ((name: string) => `${SENTINEL}${name}`) as never).compile();
      const slots = query.parameters.map((p) =>
        typeof p === 'string' && p.startsWith(SENTINEL) ? p.slice(SENTINEL.length) : null,
      );
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((p, i) => {
      const name = slots[i];
      return name === null || name === undefined ? p : args[name];
    });
    const direct = directReaderOf(db)?.(name, query.sql, parameters);
    if (direct) return (await direct) as R[];
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
