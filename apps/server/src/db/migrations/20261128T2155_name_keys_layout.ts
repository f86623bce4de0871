// Frozen: name search keys stored in search order. The primary key becomes (organisation_id, key, beneficiary_id),
// the order every search reads (docs/search.md), and on SQLite the table is WITHOUT ROWID, so the primary key is
// the table and a search reads its postings from that B-tree alone (no row look-up each). Deleting a person's keys
// (a name change, an erasure) uses an index on beneficiary_id: two B-trees per key row instead of three. Same columns, same rows; Kysely<any> and portable columns, plus WITHOUT ROWID on SQLite.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  let create = db.schema
    .createTable('beneficiary_name_keys_v2')
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('key', 'varchar(64)', (col) => col.notNull())
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('beneficiary_name_keys_search_pk', ['organisation_id', 'key', 'beneficiary_id']);
  if (dialect === 'sqlite') create = create.modifyEnd(sql`without rowid`);
  await create.execute();
  await db
    .insertInto('beneficiary_name_keys_v2')
    .columns(['organisation_id', 'key', 'beneficiary_id'])
    .expression(db.selectFrom('beneficiary_name_keys').select(['organisation_id', 'key', 'beneficiary_id']))
    .execute();
  await db.schema.dropTable('beneficiary_name_keys').execute();
  await db.schema.alterTable('beneficiary_name_keys_v2').renameTo('beneficiary_name_keys').execute();
  await db.schema
    .createIndex('beneficiary_name_keys_beneficiary_idx')
    .on('beneficiary_name_keys')
    .column('beneficiary_id')
    .execute();
}

export async function down(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('beneficiary_name_keys_v1')
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('key', 'varchar(64)', (col) => col.notNull())
    .addPrimaryKeyConstraint('beneficiary_name_keys_pk', ['beneficiary_id', 'key'])
    .execute();
  await db
    .insertInto('beneficiary_name_keys_v1')
    .columns(['beneficiary_id', 'organisation_id', 'key'])
    .expression(db.selectFrom('beneficiary_name_keys').select(['beneficiary_id', 'organisation_id', 'key']))
    .execute();
  await db.schema.dropTable('beneficiary_name_keys').execute();
  await db.schema.alterTable('beneficiary_name_keys_v1').renameTo('beneficiary_name_keys').execute();
  await db.schema
    .createIndex('beneficiary_name_keys_org_key_idx')
    .on('beneficiary_name_keys')
    .columns(['organisation_id', 'key'])
    .execute();
}
