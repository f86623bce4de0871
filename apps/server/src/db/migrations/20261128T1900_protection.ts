// Frozen: beneficiary registry, consent ledger, cases, referrals. Written against Kysely<any> and the portable
// column helpers only. Multi-valued codes that reports filter on live in rows (case_codes), not in JSON.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);

  await db.schema
    .createTable('beneficiaries')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('given_name', 'varchar(200)')
    .addColumn('family_name', 'varchar(200)')
    .addColumn('name_original', 'varchar(400)')
    .addColumn('name_latin', 'varchar(400)', (col) => col.notNull())
    .addColumn('search_name', 'varchar(400)', (col) => col.notNull())
    .addColumn('date_of_birth', 'varchar(10)')
    .addColumn('dob_precision', 'varchar(12)')
    .addColumn('sex', 'varchar(16)')
    .addColumn('gender', 'varchar(32)')
    .addColumn('citizenships', 'varchar(100)', (col) => col.notNull().defaultTo(''))
    .addColumn('languages', 'varchar(200)', (col) => col.notNull().defaultTo(''))
    .addColumn('phone', 'varchar(50)')
    .addColumn('email', 'varchar(254)')
    .addColumn('country', 'char(3)')
    .addColumn('pcode', 'varchar(20)')
    .addColumn('household_id', c.uuid)
    .addColumn('household_role', 'varchar(32)')
    .addColumn('migration_status', 'varchar(40)')
    .addColumn('disability', 'integer')
    .addColumn('specific_needs', 'varchar(400)', (col) => col.notNull().defaultTo(''))
    .addColumn('restricted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_by', c.uuid)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('beneficiaries_org_name_idx')
    .on('beneficiaries')
    .columns(['organisation_id', 'search_name'])
    .execute();
  await db.schema
    .createIndex('beneficiaries_org_dob_idx')
    .on('beneficiaries')
    .columns(['organisation_id', 'date_of_birth'])
    .execute();
  await db.schema
    .createIndex('beneficiaries_org_place_idx')
    .on('beneficiaries')
    .columns(['organisation_id', 'country', 'pcode'])
    .execute();
  await db.schema.createIndex('beneficiaries_household_idx').on('beneficiaries').column('household_id').execute();

  // Name search keys: normalised tokens and phonetic keys of every name of a person, in Latin letters.
  await db.schema
    .createTable('beneficiary_name_keys')
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('key', 'varchar(64)', (col) => col.notNull())
    .addPrimaryKeyConstraint('beneficiary_name_keys_pk', ['beneficiary_id', 'key'])
    .execute();
  await db.schema
    .createIndex('beneficiary_name_keys_org_key_idx')
    .on('beneficiary_name_keys')
    .columns(['organisation_id', 'key'])
    .execute();

  await db.schema
    .createTable('beneficiary_documents')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('type', 'varchar(32)', (col) => col.notNull())
    .addColumn('number', 'varchar(64)', (col) => col.notNull())
    .addColumn('number_key', 'varchar(64)', (col) => col.notNull())
    .addColumn('issuing_country', 'char(3)')
    .execute();
  await db.schema
    .createIndex('beneficiary_documents_org_number_idx')
    .on('beneficiary_documents')
    .columns(['organisation_id', 'number_key'])
    .execute();
  await db.schema
    .createIndex('beneficiary_documents_beneficiary_idx')
    .on('beneficiary_documents')
    .column('beneficiary_id')
    .execute();

  // Consent and legal basis ledger: append-only events; the current state is the latest event per purpose and recipient.
  await db.schema
    .createTable('consent_events')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(32)', (col) => col.notNull())
    .addColumn('recipient_organisation_id', c.uuid)
    .addColumn('basis', 'varchar(32)', (col) => col.notNull())
    .addColumn('action', 'varchar(16)', (col) => col.notNull())
    .addColumn('information_given', c.text)
    .addColumn('child_assent', 'varchar(16)')
    .addColumn('recorded_by', c.uuid, (col) => col.notNull())
    .addColumn('recorded_at', c.timestamp, (col) => col.notNull())
    .addColumn('expires_at', c.timestamp)
    .execute();
  await db.schema
    .createIndex('consent_events_beneficiary_idx')
    .on('consent_events')
    .columns(['beneficiary_id', 'purpose', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id'))
    .addColumn('reference', 'varchar(40)', (col) => col.notNull())
    .addColumn('type', 'varchar(24)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('sensitive', 'integer', (col) => col.notNull())
    .addColumn('assigned_to', c.uuid, (col) => col.references('users.id'))
    .addColumn('opened_on', 'varchar(10)', (col) => col.notNull())
    .addColumn('closed_on', 'varchar(10)')
    .addColumn('closure_requested_by', c.uuid)
    .addColumn('closure_requested_at', c.timestamp)
    .addColumn('closure_reason', 'varchar(400)')
    .addColumn('closure_approved_by', c.uuid)
    .addColumn('details', c.text, (col) => col.notNull())
    .addColumn('created_by', c.uuid)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addUniqueConstraint('cases_org_reference_uq', ['organisation_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('cases_org_status_idx')
    .on('cases')
    .columns(['organisation_id', 'status', 'type'])
    .execute();
  await db.schema.createIndex('cases_assigned_idx').on('cases').column('assigned_to').execute();
  await db.schema.createIndex('cases_beneficiary_idx').on('cases').column('beneficiary_id').execute();

  // Filterable multi-valued codes of a case (exploitation types, methods of control, GBV type...).
  await db.schema
    .createTable('case_codes')
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('vocabulary', 'varchar(40)', (col) => col.notNull())
    .addColumn('code', 'varchar(60)', (col) => col.notNull())
    .addPrimaryKeyConstraint('case_codes_pk', ['case_id', 'vocabulary', 'code'])
    .execute();
  await db.schema
    .createIndex('case_codes_org_vocab_idx')
    .on('case_codes')
    .columns(['organisation_id', 'vocabulary', 'code'])
    .execute();

  // Explicit permission to see a sensitive case (besides the assigned caseworker).
  await db.schema
    .createTable('case_access')
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id'))
    .addColumn('granted_by', c.uuid, (col) => col.notNull())
    .addColumn('granted_at', c.timestamp, (col) => col.notNull())
    .addColumn('reason', 'varchar(400)', (col) => col.notNull())
    .addPrimaryKeyConstraint('case_access_pk', ['case_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('case_assessments')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('kind', 'varchar(40)', (col) => col.notNull())
    .addColumn('completed_on', 'varchar(10)')
    .addColumn('outcome', 'varchar(400)')
    .addColumn('details', c.text, (col) => col.notNull())
    .addColumn('recorded_by', c.uuid, (col) => col.notNull())
    .addColumn('recorded_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('case_assessments_case_idx').on('case_assessments').column('case_id').execute();

  await db.schema
    .createTable('case_plan_items')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('plan_type', 'varchar(40)', (col) => col.notNull())
    .addColumn('description', 'varchar(1000)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('case_plan_items_case_idx').on('case_plan_items').column('case_id').execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('from_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('to_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('service_type', 'varchar(40)')
    .addColumn('reason', 'varchar(40)', (col) => col.notNull())
    .addColumn('status', 'varchar(24)', (col) => col.notNull())
    .addColumn('message', 'varchar(2000)')
    .addColumn('shared_data', c.text, (col) => col.notNull())
    .addColumn('due_on', 'varchar(10)')
    .addColumn('sent_by', c.uuid, (col) => col.notNull())
    .addColumn('sent_at', c.timestamp, (col) => col.notNull())
    .addColumn('responded_by', c.uuid)
    .addColumn('responded_at', c.timestamp)
    .addColumn('decline_reason', 'varchar(400)')
    .addColumn('outcome', 'varchar(1000)')
    .addColumn('closed_at', c.timestamp)
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('referrals_to_idx').on('referrals').columns(['to_organisation_id', 'status']).execute();
  await db.schema
    .createIndex('referrals_from_idx')
    .on('referrals')
    .columns(['from_organisation_id', 'status'])
    .execute();
  await db.schema.createIndex('referrals_case_idx').on('referrals').column('case_id').execute();

  await db.schema
    .createTable('case_services')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('plan_item_id', c.uuid, (col) => col.references('case_plan_items.id').onDelete('set null'))
    .addColumn('referral_id', c.uuid, (col) => col.references('referrals.id').onDelete('set null'))
    .addColumn('service_type', 'varchar(40)', (col) => col.notNull())
    .addColumn('delivered_on', 'varchar(10)', (col) => col.notNull())
    .addColumn('provider_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('value_minor', 'integer')
    .addColumn('currency', 'char(3)')
    .addColumn('description', 'varchar(1000)')
    .addColumn('recorded_by', c.uuid, (col) => col.notNull())
    .addColumn('recorded_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('case_services_case_idx').on('case_services').column('case_id').execute();
  await db.schema
    .createIndex('case_services_org_date_idx')
    .on('case_services')
    .columns(['organisation_id', 'delivered_on'])
    .execute();

  await db.schema
    .createTable('case_notes')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('body', c.text, (col) => col.notNull())
    .addColumn('author', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('case_notes_case_idx').on('case_notes').column('case_id').execute();

  await db.schema
    .createTable('case_tasks')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('due_on', 'varchar(10)', (col) => col.notNull())
    .addColumn('assigned_to', c.uuid, (col) => col.references('users.id'))
    .addColumn('done_at', c.timestamp)
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('case_tasks_org_due_idx')
    .on('case_tasks')
    .columns(['organisation_id', 'done_at', 'due_on'])
    .execute();
  await db.schema.createIndex('case_tasks_case_idx').on('case_tasks').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'case_tasks',
    'case_notes',
    'case_services',
    'referrals',
    'case_plan_items',
    'case_assessments',
    'case_access',
    'case_codes',
    'cases',
    'consent_events',
    'beneficiary_documents',
    'beneficiary_name_keys',
    'beneficiaries',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
