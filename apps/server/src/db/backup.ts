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
  const copy = new SQLite(file, { readonly: true });
  try {
    const report = { file, integrity: integrity(copy), counts: tableCounts(copy) };
    if (report.integrity !== 'ok') throw new Error(`the backup failed its integrity check: ${report.integrity}`);
    return report;
  } finally {
    copy.close();
  }
}

/**
 * Restores a backup into the live database file with the backup API (page by page, under SQLite's own locks),
 * after checking the backup's integrity; then checks the result and that every table has the backup's row count.
 */
export async function restoreSqlite(backupFile: string, liveFile: string): Promise<BackupReport> {
  if (!fs.existsSync(backupFile)) throw new Error(`${backupFile} does not exist`);
  const src = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  let expected: Record<string, number>;
  try {
    const check = integrity(src);
    if (check !== 'ok') throw new Error(`the backup is damaged (${check}); nothing was restored`);
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
