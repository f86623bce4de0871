import type { Db } from '../../db/database.ts';

/**
 * Runs reads in one snapshot: a release reads several tables and their margins in separate statements, and they
 * must all see the same committed state, or a margin could disagree with its cells (PostgreSQL: REPEATABLE READ;
 * SQLite: one read transaction, which WAL makes a snapshot).
 */
export function inOneSnapshot<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(fn);
}
