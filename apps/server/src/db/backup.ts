import fs from 'node:fs';
import SQLite from 'better-sqlite3';

/** Tables whose rows are counted to check a backup or restore (all user tables). */
function tableCounts(db: SQLite.Database): Record<string, number> {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    out[name] = (db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  return out;
}

function integrity(db: SQLite.Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

export type BackupReport = { file: string; integrity: string; counts: Record<string, number> };

/**
 * Online backup with SQLite's backup API: the server may keep running and writing; the copy is a consistent
 * snapshot. The copy is then opened and checked (integrity_check and row counts).
 */
export async function backupSqlite(source: SQLite.Database, file: string): Promise<BackupReport> {
  if (fs.existsSync(file)) throw new Error(`${file} already exists; choose a new file name`);
  await source.backup(file);
  // The copy is one file: out of WAL mode, so no -wal or -shm file is left beside it.
  const single = new SQLite(file);
  single.pragma('journal_mode = DELETE');
  single.close();
  const copy = new SQLite(file, { readonly: true });
  try {
    const report = { file, integrity: integrity(copy), counts: tableCounts(copy) };
    if (report.integrity !== 'ok') throw new Error(`the backup failed its integrity check: ${report.integrity}`);
    return report;
  } finally {
    copy.close();
  }
}

/** Tables every Corridor database has: a file without them is not a backup of one. */
const CORE_TABLES = ['kysely_migration', 'organisations', 'users', 'audit_log'];

/**
 * Refuses a file that is not a backup of a Corridor database this version can run: another SQLite file, an empty one,
 * or one made by a newer version (a migration this version does not know).
 */
function assertCorridorBackup(src: SQLite.Database, file: string, known: readonly string[]): void {
  const tables = new Set(
    (src.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  const missing = CORE_TABLES.filter((t) => !tables.has(t));
  if (missing.length)
    throw new Error(
      `${file} is not a backup of a Corridor database (no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}); nothing was restored`,
    );
  const applied = (src.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
    (r) => r.name,
  );
  const unknown = applied.filter((m) => !known.includes(m));
  if (unknown.length)
    throw new Error(
      `${file} was made by a newer version of Corridor (migration ${unknown[0]} is unknown here); nothing was restored`,
    );
}

/**
 * Restores a backup into the live database file with the backup API (page by page, under SQLite's own locks),
 * after checking that it is a Corridor database this version knows (`knownMigrations`) and its integrity; then
 * checks the result and that every table has the backup's row count.
 */
export async function restoreSqlite(
  backupFile: string,
  liveFile: string,
  knownMigrations: readonly string[],
): Promise<BackupReport> {
  if (!fs.existsSync(backupFile)) throw new Error(`${backupFile} does not exist`);
  const stat = fs.statSync(backupFile);
  if (stat.isDirectory()) throw new Error(`${backupFile} is a folder, not a backup file; nothing was restored`);
  if (stat.size === 0) throw new Error(`${backupFile} is empty, not a backup; nothing was restored`);
  let src: SQLite.Database;
  try {
    src = new SQLite(backupFile, { readonly: true, fileMustExist: true });
    src.prepare('select count(*) from sqlite_master').get();
  } catch (err) {
    throw new Error(`${backupFile} is not a SQLite database (${(err as Error).message}); nothing was restored`);
  }
  let expected: Record<string, number>;
  try {
    const check = integrity(src);
    if (check !== 'ok') throw new Error(`the backup is damaged (${check}); nothing was restored`);
    assertCorridorBackup(src, backupFile, knownMigrations);
    expected = tableCounts(src);
    await src.backup(liveFile);
  } finally {
    src.close();
  }
  const live = new SQLite(liveFile);
  try {
    live.pragma('journal_mode = WAL');
    const report = { file: liveFile, integrity: integrity(live), counts: tableCounts(live) };
    if (report.integrity !== 'ok')
      throw new Error(`the restored database failed its integrity check: ${report.integrity}`);
    for (const [t, n] of Object.entries(expected)) {
      if (report.counts[t] !== n)
        throw new Error(`table ${t}: ${report.counts[t]} rows after restore, ${n} in the backup`);
    }
    return report;
  } finally {
    live.close();
  }
}
