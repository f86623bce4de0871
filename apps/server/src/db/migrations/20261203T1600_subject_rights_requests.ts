// Frozen: subject-rights requests for a restricted person (one with a sensitive case), filed by staff on their
// sensitive case and decided by a supervisor who may not see the person (four eyes: subject-rights/requests.service.ts).
// Codes and ids only, no free text. The person's id is nulled when they are erased. Kysely<any> and portable columns.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('subject_rights_requests')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('beneficiary_id', c.uuid, (col) => col.references('beneficiaries.id'))
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('reason', 'varchar(32)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('requested_by', c.uuid, (col) => col.notNull().references('users.id'))
    .addColumn('requested_at', c.timestamp, (col) => col.notNull())
    .addColumn('decided_by', c.uuid, (col) => col.references('users.id'))
    .addColumn('decided_at', c.timestamp)
    .addColumn('completed_at', c.timestamp)
    .execute();
  await db.schema
    .createIndex('subject_rights_requests_org_status')
    .on('subject_rights_requests')
    .columns(['organisation_id', 'status', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('subject_rights_requests_person')
    .on('subject_rights_requests')
    .column('beneficiary_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subject_rights_requests').execute();
}
