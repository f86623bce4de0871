// Frozen: import keys, so that re-importing a file creates no duplicates (docs/import.md). Written against
// Kysely<any> and the portable column helpers only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  // One row per record an import wrote: which row of which source it came from (the row's own id, or a keyed
  // hash of its content), and a keyed hash of the values it was written with, to tell "unchanged" from "changed".
  await db.schema
    .createTable('import_keys')
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('record_type', 'varchar(16)', (col) => col.notNull())
    .addColumn('source_key', 'varchar(200)', (col) => col.notNull())
    .addColumn('record_id', c.uuid, (col) => col.notNull())
    .addColumn('row_hash', 'varchar(64)', (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('import_keys_pk', ['organisation_id', 'record_type', 'source_key'])
    .execute();
  await db.schema.createIndex('import_keys_record_idx').on('import_keys').column('record_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_keys').execute();
}
