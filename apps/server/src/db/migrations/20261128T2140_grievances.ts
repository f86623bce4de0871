// Frozen: worker grievances (issue #6 part 3). Written against Kysely<any> and the portable column helpers only.
// The tracking code is never stored, only its SHA-256; the worker's identity sits in its own columns so that
// every read of it can be a separate, audited step.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);

  // The organisation that receives public grievances (the certifying body), one row per deployment.
  await db.schema
    .createTable('grievance_desk')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('first_response_days', 'integer', (col) => col.notNull())
    .addColumn('updated_by', c.uuid)
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('grievances')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('reference', 'varchar(20)', (col) => col.notNull())
    .addColumn('tracking_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    // space-delimited codes with a leading and trailing space (" fees_charged debt_bondage "), so a filter on
    // one category is a portable LIKE '% code %'
    .addColumn('categories', 'varchar(300)', (col) => col.notNull())
    .addColumn('severity', 'varchar(16)')
    .addColumn('description', c.text, (col) => col.notNull())
    .addColumn('language', 'varchar(8)', (col) => col.notNull())
    .addColumn('recruiter_id', c.uuid)
    .addColumn('recruiter_name', 'varchar(200)')
    .addColumn('recruiter_licence', 'varchar(100)')
    .addColumn('employer_name', 'varchar(200)')
    .addColumn('destination_country', 'char(3)')
    .addColumn('worker_name', 'varchar(200)')
    .addColumn('worker_phone', 'varchar(50)')
    .addColumn('worker_email', 'varchar(254)')
    .addColumn('recruiter_may_know_identity', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('handover_consent', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('assigned_to', c.uuid, (col) => col.references('users.id'))
    .addColumn('received_at', c.timestamp, (col) => col.notNull())
    .addColumn('first_response_due', c.timestamp, (col) => col.notNull())
    .addColumn('first_responded_at', c.timestamp)
    .addColumn('resolution_due', c.timestamp)
    .addColumn('outcome', 'varchar(16)')
    .addColumn('outcome_summary', c.text)
    .addColumn('closed_at', c.timestamp)
    .addColumn('audit_requested_at', c.timestamp)
    .addColumn('audit_request_reason', c.text)
    .addColumn('handover_organisation_id', c.uuid, (col) => col.references('organisations.id'))
    .addColumn('handover_case_id', c.uuid)
    .addColumn('handover_case_reference', 'varchar(40)')
    .addColumn('handed_over_at', c.timestamp)
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('grievances_org_reference_idx')
    .on('grievances')
    .columns(['organisation_id', 'reference'])
    .unique()
    .execute();
  await db.schema
    .createIndex('grievances_org_received_idx')
    .on('grievances')
    .columns(['organisation_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('grievances_org_status_idx')
    .on('grievances')
    .columns(['organisation_id', 'status'])
    .execute();
  await db.schema.createIndex('grievances_recruiter_idx').on('grievances').column('recruiter_id').execute();

  await db.schema
    .createTable('grievance_messages')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('grievance_id', c.uuid, (col) => col.notNull().references('grievances.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('sender', 'varchar(8)', (col) => col.notNull())
    .addColumn('author_id', c.uuid)
    .addColumn('body', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('grievance_messages_grievance_idx')
    .on('grievance_messages')
    .columns(['grievance_id', 'created_at'])
    .execute();

  // What happened to a grievance, in order: filing, triage, assignment, consent given or withdrawn by the worker,
  // the audit request, the hand-over, the outcome. Details never hold the worker's identity.
  await db.schema
    .createTable('grievance_events')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('grievance_id', c.uuid, (col) => col.notNull().references('grievances.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('action', 'varchar(40)', (col) => col.notNull())
    .addColumn('actor_id', c.uuid)
    .addColumn('details', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('grievance_events_grievance_idx')
    .on('grievance_events')
    .columns(['grievance_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grievance_events').execute();
  await db.schema.dropTable('grievance_messages').execute();
  await db.schema.dropTable('grievances').execute();
  await db.schema.dropTable('grievance_desk').execute();
}
