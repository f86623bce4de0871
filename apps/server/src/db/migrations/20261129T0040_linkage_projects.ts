// Frozen: linkage projects for privacy-preserving record linkage between organisations (issue #4 part 3), and the
// data-sharing agreements that decide who learns what from them. Written against Kysely<any> and the portable
// column helpers only. No similarity score is ever stored: matches record only that a partner knows the person.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);

  // An agreement between two organisations for one purpose and period (SECURITY.md D13).
  await db.schema
    .createTable('data_sharing_agreements')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_a_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('organisation_b_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('purpose', 'varchar(40)', (col) => col.notNull())
    .addColumn('starts_on', 'varchar(10)', (col) => col.notNull())
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('recorded_by', c.uuid, (col) => col.notNull())
    .addColumn('recorded_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('data_sharing_agreements_a_idx')
    .on('data_sharing_agreements')
    .columns(['organisation_a_id', 'purpose'])
    .execute();
  await db.schema
    .createIndex('data_sharing_agreements_b_idx')
    .on('data_sharing_agreements')
    .columns(['organisation_b_id', 'purpose'])
    .execute();

  await db.schema
    .createTable('linkage_projects')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('schema_json', c.text, (col) => col.notNull())
    // 'platform': the secret is sealed here with the deployment's secret key; 'organisations': the members hold it
    // and bring encodings files.
    .addColumn('secret_custody', 'varchar(16)', (col) => col.notNull())
    .addColumn('secret_sealed', c.text)
    .addColumn('threshold_milli', 'integer', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('matched_at', c.timestamp)
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('linkage_project_members')
    .addColumn('project_id', c.uuid, (col) => col.notNull().references('linkage_projects.id'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('joined_at', c.timestamp, (col) => col.notNull())
    .addColumn('encode_requested_at', c.timestamp)
    .addColumn('encoded_at', c.timestamp)
    .addColumn('encoded_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('encoding_source', 'varchar(16)')
    .addPrimaryKeyConstraint('linkage_project_members_pk', ['project_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('linkage_project_members_org_idx')
    .on('linkage_project_members')
    .column('organisation_id')
    .execute();

  await db.schema
    .createTable('linkage_encodings')
    .addColumn('project_id', c.uuid, (col) => col.notNull().references('linkage_projects.id'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('record_ref', 'varchar(200)', (col) => col.notNull())
    .addColumn('beneficiary_id', c.uuid)
    .addColumn('clk', c.text, (col) => col.notNull())
    // space-delimited ids of the partner organisations this person's basis allows telling (" id1 id2 ")
    .addColumn('recipients', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('linkage_encodings_pk', ['project_id', 'organisation_id', 'record_ref'])
    .execute();
  await db.schema
    .createIndex('linkage_encodings_beneficiary_idx')
    .on('linkage_encodings')
    .column('beneficiary_id')
    .execute();

  await db.schema
    .createTable('linkage_matches')
    .addColumn('project_id', c.uuid, (col) => col.notNull().references('linkage_projects.id'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('record_ref', 'varchar(200)', (col) => col.notNull())
    .addColumn('beneficiary_id', c.uuid)
    .addColumn('partner_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('matched_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('linkage_matches_pk', [
      'project_id',
      'organisation_id',
      'record_ref',
      'partner_organisation_id',
    ])
    .execute();
  await db.schema
    .createIndex('linkage_matches_beneficiary_idx')
    .on('linkage_matches')
    .column('beneficiary_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('linkage_matches').execute();
  await db.schema.dropTable('linkage_encodings').execute();
  await db.schema.dropTable('linkage_project_members').execute();
  await db.schema.dropTable('linkage_projects').execute();
  await db.schema.dropTable('data_sharing_agreements').execute();
}
