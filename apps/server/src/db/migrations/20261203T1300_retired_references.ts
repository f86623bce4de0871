// Frozen: the human references of records erased at a person's request (subject rights), kept so that a reference is
// never given again to another person's record (paper files, e-mails and partners' notes still cite it). Only the
// reference and its organisation: nothing of the person. Kysely<any> and portable columns only (and, on PostgreSQL,
// the index db/references.ts seeks).
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('retired_references')
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('reference', 'varchar(64)', (col) => col.notNull())
    .addColumn('retired_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('retired_references_pk', ['organisation_id', 'reference'])
    .execute();
  // As for cases and grievances (20261129T0150): PostgreSQL seeks a prefix's range in the "C" collation.
  if (dialect === 'postgres')
    await sql
      .raw(
        'create index retired_references_org_reference_c on retired_references (organisation_id, (reference collate "C"))',
      )
      .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retired_references').execute();
}
