// SQL of import keys. Dialect-neutral Kysely only.
import { insertMany } from '../db/bulk-insert.ts';
import type { Db, Trx } from '../db/database.ts';
import type { ImportedRecordType, ImportKeyRow, ImportKeyTable } from './imports.table.ts';

/** The keys of one organisation and record type among `sourceKeys`, in no particular order. */
export async function findImportKeys(
  db: Db,
  organisationId: string,
  recordType: ImportedRecordType,
  sourceKeys: readonly string[],
): Promise<ImportKeyRow[]> {
  const out: ImportKeyRow[] = [];
  // Chunks keep the parameter count far below SQLite's and PostgreSQL's limits.
  for (let i = 0; i < sourceKeys.length; i += 500) {
    const chunk = sourceKeys.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('import_keys')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('record_type', '=', recordType)
        .where('source_key', 'in', chunk)
        .execute()),
    );
  }
  return out;
}

/** Inserts new keys, many at a time (multi-row statements compiled once, db/bulk-insert.ts). */
export async function insertImportKeys(trx: Trx, rows: readonly ImportKeyTable[]): Promise<void> {
  await insertMany(
    trx,
    'import_keys',
    ['organisation_id', 'record_type', 'source_key', 'record_id', 'row_hash', 'created_at', 'updated_at'],
    rows,
    1000,
  );
}

/** Records that a key's record was written again with other values. */
export async function updateImportKeyHash(
  trx: Trx,
  key: Pick<ImportKeyTable, 'organisation_id' | 'record_type' | 'source_key'>,
  rowHash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('import_keys')
    .set({ row_hash: rowHash, updated_at: now })
    .where('organisation_id', '=', key.organisation_id)
    .where('record_type', '=', key.record_type)
    .where('source_key', '=', key.source_key)
    .execute();
}

/** Deletes every key pointing at one of `recordIds` (erasure of a person or a case). */
export async function deleteImportKeysOf(trx: Trx, recordIds: readonly string[]): Promise<number> {
  if (recordIds.length === 0) return 0;
  const r = await trx
    .deleteFrom('import_keys')
    .where('record_id', 'in', [...recordIds])
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
