// Frozen: labour recruiters and their certification against the IRIS principles (issue #6 part 1,
// docs/recruitment.md). Written against Kysely<any> and the portable column helpers only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);

  // A labour recruiter: one private-sector organisation of the deployment. The *_folded columns hold the
  // name and licence number lower-cased, accents stripped, for the public look-up; the list columns are
  // space-delimited codes with a leading and trailing space (" BGD NPL "), so a filter is a portable LIKE.
  // The cert_* columns repeat the current certification's public facts so the public look-up reads one table.
  await db.schema
    .createTable('recruiters')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().unique().references('organisations.id'))
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('name_folded', 'varchar(200)', (col) => col.notNull())
    .addColumn('licence_number', 'varchar(60)', (col) => col.notNull())
    .addColumn('licence_folded', 'varchar(60)', (col) => col.notNull())
    .addColumn('licensing_authority', 'varchar(200)', (col) => col.notNull())
    .addColumn('licence_country', 'char(3)', (col) => col.notNull())
    .addColumn('licence_expires_on', 'varchar(10)')
    .addColumn('countries', 'varchar(400)', (col) => col.notNull())
    .addColumn('corridors', 'varchar(1000)', (col) => col.notNull())
    .addColumn('sectors', 'varchar(400)', (col) => col.notNull())
    // Employers it recruits for: a JSON array of names (organisations, not persons).
    .addColumn('employers', c.text, (col) => col.notNull())
    .addColumn('cert_status', 'varchar(20)', (col) => col.notNull())
    .addColumn('cert_number', 'varchar(40)')
    .addColumn('cert_expires_at', c.timestamp)
    .addColumn('cert_changed_at', c.timestamp)
    .addColumn('cert_reason', 'varchar(500)')
    .addColumn('demo', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addUniqueConstraint('recruiters_licence_uq', ['licence_country', 'licence_folded'])
    .execute();
  await db.schema.createIndex('recruiters_name_idx').on('recruiters').column('name_folded').execute();
  await db.schema.createIndex('recruiters_licence_idx').on('recruiters').column('licence_folded').execute();
  // One row: a counter bumped in the same transaction as every change to a recruiter's public facts. The public
  // look-up reads it before each search to know whether its in-memory copy of the register is current.
  await db.schema
    .createTable('recruiter_register_state')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('generation', 'integer', (col) => col.notNull())
    .execute();
  await db.insertInto('recruiter_register_state').values({ id: 1, generation: 0 }).execute();
  await db.schema
    .createIndex('recruiters_status_idx')
    .on('recruiters')
    .columns(['cert_status', 'name_folded'])
    .execute();

  // One certification cycle of a recruiter: application to decision, then the certificate's life.
  await db.schema
    .createTable('certifications')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('recruiter_id', c.uuid, (col) => col.notNull().references('recruiters.id'))
    .addColumn('status', 'varchar(20)', (col) => col.notNull())
    .addColumn('applied_at', c.timestamp, (col) => col.notNull())
    .addColumn('applied_by', c.uuid, (col) => col.notNull())
    // Self-assessment: JSON object criterion code -> { answer, note }.
    .addColumn('self_assessment', c.text)
    .addColumn('self_assessed_at', c.timestamp)
    .addColumn('decided_at', c.timestamp)
    .addColumn('decided_by', c.uuid)
    .addColumn('decision_reason', 'varchar(2000)')
    .addColumn('certificate_number', 'varchar(40)', (col) => col.unique())
    .addColumn('issued_at', c.timestamp)
    .addColumn('expires_at', c.timestamp)
    .addColumn('suspended_at', c.timestamp)
    .addColumn('withdrawn_at', c.timestamp)
    .addColumn('status_reason', 'varchar(2000)')
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('certifications_recruiter_idx')
    .on('certifications')
    .columns(['recruiter_id', 'applied_at'])
    .execute();

  // An audit: initial (for a decision), surveillance (during a certificate's life) or for cause (requested,
  // e.g. after a grievance). A requested audit has no auditor yet.
  await db.schema
    .createTable('certification_audits')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('recruiter_id', c.uuid, (col) => col.notNull().references('recruiters.id'))
    .addColumn('certification_id', c.uuid, (col) => col.references('certifications.id'))
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('auditor_user_id', c.uuid, (col) => col.references('users.id'))
    .addColumn('scheduled_for', 'varchar(10)')
    .addColumn('completed_at', c.timestamp)
    .addColumn('summary', 'varchar(4000)')
    .addColumn('reason', 'varchar(2000)')
    .addColumn('source', 'varchar(20)')
    .addColumn('source_ref', 'varchar(100)')
    .addColumn('requested_by', c.uuid)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('certification_audits_recruiter_idx')
    .on('certification_audits')
    .columns(['recruiter_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('certification_audits_auditor_idx')
    .on('certification_audits')
    .columns(['auditor_user_id', 'status'])
    .execute();

  // A finding of an audit against one criterion, with its corrective action plan (plan, deadline, evidence,
  // verification) in the same row.
  await db.schema
    .createTable('audit_findings')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('audit_id', c.uuid, (col) => col.notNull().references('certification_audits.id'))
    .addColumn('recruiter_id', c.uuid, (col) => col.notNull().references('recruiters.id'))
    .addColumn('principle', 'varchar(2)', (col) => col.notNull())
    .addColumn('criterion', 'varchar(8)', (col) => col.notNull())
    .addColumn('severity', 'varchar(12)', (col) => col.notNull())
    .addColumn('description', 'varchar(4000)', (col) => col.notNull())
    .addColumn('status', 'varchar(20)', (col) => col.notNull())
    .addColumn('action_plan', 'varchar(4000)')
    .addColumn('action_due_on', 'varchar(10)')
    .addColumn('action_planned_at', c.timestamp)
    .addColumn('evidence', 'varchar(4000)')
    .addColumn('evidence_at', c.timestamp)
    .addColumn('verified_at', c.timestamp)
    .addColumn('verified_by', c.uuid)
    .addColumn('verification_note', 'varchar(2000)')
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('audit_findings_audit_idx').on('audit_findings').column('audit_id').execute();
  await db.schema
    .createIndex('audit_findings_recruiter_idx')
    .on('audit_findings')
    .columns(['recruiter_id', 'status'])
    .execute();

  // Every step of a recruiter's certification, in order (the history shown to officers; the audit log
  // records the same steps with their actors).
  await db.schema
    .createTable('certification_events')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('recruiter_id', c.uuid, (col) => col.notNull().references('recruiters.id'))
    // Order of the steps within the recruiter (several steps can share a timestamp, e.g. in one request).
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('certification_id', c.uuid)
    .addColumn('audit_id', c.uuid)
    .addColumn('finding_id', c.uuid)
    .addColumn('event', 'varchar(40)', (col) => col.notNull())
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)')
    .addColumn('note', 'varchar(2000)')
    .addColumn('actor_user_id', c.uuid)
    .addColumn('at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('certification_events_seq_uq', ['recruiter_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certification_events').execute();
  await db.schema.dropTable('audit_findings').execute();
  await db.schema.dropTable('certification_audits').execute();
  await db.schema.dropTable('certifications').execute();
  await db.schema.dropTable('recruiter_register_state').execute();
  await db.schema.dropTable('recruiters').execute();
}
