// Frozen: funds with their double-entry ledger, requests for money and their approvals, projects with partners,
// places, targets and activity reports (docs/operations.md). Written against Kysely<any> and the portable column
// helpers only.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('funds')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('code', 'varchar(24)', (col) => col.notNull())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('kind', 'varchar(40)', (col) => col.notNull())
    .addColumn('currency', 'varchar(3)', (col) => col.notNull())
    .addColumn('revolving', 'integer', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addUniqueConstraint('funds_code_uq', ['organisation_id', 'code'])
    .execute();

  await db.schema
    .createTable('fund_approval_limits')
    .addColumn('fund_id', c.uuid, (col) => col.notNull().references('funds.id').onDelete('cascade'))
    .addColumn('role', 'varchar(40)', (col) => col.notNull())
    .addColumn('limit_usd_minor', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('fund_approval_limits_pk', ['fund_id', 'role'])
    .addCheckConstraint('fund_approval_limits_ck', sql`limit_usd_minor >= 0`)
    .execute();

  // One row per account of a fund's ledger, carrying its balance in the fund's currency (minor units, on the
  // account's normal side). A posting moves the balance with a conditional UPDATE (balance + delta >= 0) and the
  // CHECK makes a negative balance impossible whatever the application does: concurrent disbursements cannot
  // overdraw on either engine. line_count numbers the account's lines; last_posted_at keeps them in time order.
  await db.schema
    .createTable('fund_accounts')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('fund_id', c.uuid, (col) => col.notNull().references('funds.id').onDelete('cascade'))
    .addColumn('code', 'varchar(20)', (col) => col.notNull())
    .addColumn('normal_side', 'integer', (col) => col.notNull())
    .addColumn('balance_minor', 'bigint', (col) => col.notNull())
    .addColumn('line_count', 'bigint', (col) => col.notNull())
    .addColumn('last_posted_at', c.timestamp)
    .addUniqueConstraint('fund_accounts_code_uq', ['fund_id', 'code'])
    .addCheckConstraint('fund_accounts_balance_ck', sql`balance_minor >= 0`)
    .addCheckConstraint('fund_accounts_side_ck', sql`normal_side in (1, -1)`)
    .execute();

  await db.schema
    .createTable('fund_entries')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('fund_id', c.uuid, (col) => col.notNull().references('funds.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(20)', (col) => col.notNull())
    .addColumn('amount_minor', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'varchar(3)', (col) => col.notNull())
    .addColumn('usd_rate', 'varchar(20)', (col) => col.notNull())
    .addColumn('amount_usd_minor', 'bigint', (col) => col.notNull())
    .addColumn('counterparty', 'varchar(200)', (col) => col.notNull())
    .addColumn('counterparty_country', 'varchar(3)')
    .addColumn('request_id', c.uuid)
    .addColumn('reference', 'varchar(100)')
    .addColumn('posted_by', c.uuid)
    .addColumn('posted_at', c.timestamp, (col) => col.notNull())
    .addCheckConstraint('fund_entries_amount_ck', sql`amount_minor > 0 and amount_usd_minor >= 0`)
    .execute();
  await db.schema
    .createIndex('fund_entries_fund_idx')
    .on('fund_entries')
    .columns(['fund_id', 'posted_at', 'id'])
    .execute();
  await db.schema.createIndex('fund_entries_request_idx').on('fund_entries').column('request_id').execute();

  // The lines of the journal: signed amounts (debit +, credit -) whose sum per entry is zero, each with the
  // account's balance after it. The balance of an account at any moment is one index seek on
  // (account_id, posted_at, line_no): the last line at or before it.
  await db.schema
    .createTable('fund_lines')
    .addColumn('account_id', c.uuid, (col) => col.notNull().references('fund_accounts.id').onDelete('cascade'))
    .addColumn('line_no', 'bigint', (col) => col.notNull())
    .addColumn('entry_id', c.uuid, (col) => col.notNull().references('fund_entries.id').onDelete('cascade'))
    .addColumn('amount_minor', 'bigint', (col) => col.notNull())
    .addColumn('balance_after_minor', 'bigint', (col) => col.notNull())
    .addColumn('posted_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('fund_lines_pk', ['account_id', 'line_no'])
    .addCheckConstraint('fund_lines_balance_ck', sql`balance_after_minor >= 0 and amount_minor <> 0`)
    .execute();
  await db.schema
    .createIndex('fund_lines_at_idx')
    .on('fund_lines')
    .columns(['account_id', 'posted_at', 'line_no'])
    .execute();
  await db.schema.createIndex('fund_lines_entry_idx').on('fund_lines').column('entry_id').execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('code', 'varchar(32)', (col) => col.notNull())
    .addColumn('title', 'varchar(300)', (col) => col.notNull())
    .addColumn('kind', 'varchar(40)', (col) => col.notNull())
    .addColumn('status', 'varchar(20)', (col) => col.notNull())
    .addColumn('fund_id', c.uuid, (col) => col.references('funds.id'))
    .addColumn('country', 'varchar(3)', (col) => col.notNull())
    .addColumn('sector', 'varchar(100)', (col) => col.notNull())
    .addColumn('start_date', 'varchar(10)', (col) => col.notNull())
    .addColumn('end_date', 'varchar(10)', (col) => col.notNull())
    .addColumn('budget_minor', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'varchar(3)', (col) => col.notNull())
    .addColumn('usd_rate', 'varchar(20)', (col) => col.notNull())
    .addColumn('budget_usd_minor', 'bigint', (col) => col.notNull())
    .addColumn('description', c.text, (col) => col.notNull())
    // Partners, places and targets as JSON: read and written with the project, never filtered on (the 5W export
    // and the figures read activity reports, which have typed columns).
    .addColumn('partners', c.text, (col) => col.notNull())
    .addColumn('places', c.text, (col) => col.notNull())
    .addColumn('targets', c.text, (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addUniqueConstraint('projects_code_uq', ['organisation_id', 'code'])
    .execute();
  await db.schema
    .createIndex('projects_org_idx')
    .on('projects')
    .columns(['organisation_id', 'status', 'kind', 'start_date'])
    .execute();

  await db.schema
    .createTable('fund_requests')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('fund_id', c.uuid, (col) => col.notNull().references('funds.id'))
    .addColumn('purpose', 'varchar(500)', (col) => col.notNull())
    .addColumn('recipient', 'varchar(200)', (col) => col.notNull())
    // The crisis registry is built beside this (crises context): referenced by id without a foreign key, so funds
    // do not depend on the order the two contexts' migrations run in.
    .addColumn('crisis_id', c.uuid)
    .addColumn('case_id', c.uuid, (col) => col.references('cases.id'))
    .addColumn('project_id', c.uuid, (col) => col.references('projects.id'))
    .addColumn('amount_minor', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'varchar(3)', (col) => col.notNull())
    .addColumn('usd_rate', 'varchar(20)', (col) => col.notNull())
    .addColumn('amount_usd_minor', 'bigint', (col) => col.notNull())
    .addColumn('status', 'varchar(30)', (col) => col.notNull())
    .addColumn('requested_by', c.uuid, (col) => col.notNull())
    .addColumn('requested_at', c.timestamp, (col) => col.notNull())
    .addColumn('first_approver_id', c.uuid)
    .addColumn('first_approver_role', 'varchar(40)')
    .addColumn('first_approved_at', c.timestamp)
    .addColumn('second_approver_id', c.uuid)
    .addColumn('second_approver_role', 'varchar(40)')
    .addColumn('second_approved_at', c.timestamp)
    .addColumn('decision_reason', 'varchar(500)')
    .addColumn('released_by', c.uuid)
    .addColumn('released_at', c.timestamp)
    .addColumn('release_seconds', 'bigint')
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addCheckConstraint('fund_requests_amount_ck', sql`amount_minor > 0`)
    .execute();
  await db.schema
    .createIndex('fund_requests_org_idx')
    .on('fund_requests')
    .columns(['organisation_id', 'status', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('fund_requests_released_idx')
    .on('fund_requests')
    .columns(['organisation_id', 'released_at'])
    .execute();
  await db.schema.createIndex('fund_requests_fund_idx').on('fund_requests').column('fund_id').execute();
  await db.schema.createIndex('fund_requests_crisis_idx').on('fund_requests').column('crisis_id').execute();
  await db.schema.createIndex('fund_requests_case_idx').on('fund_requests').column('case_id').execute();
  await db.schema.createIndex('fund_requests_project_idx').on('fund_requests').column('project_id').execute();

  await db.schema
    .createTable('project_reports')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('project_id', c.uuid, (col) => col.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('period_start', 'varchar(10)', (col) => col.notNull())
    .addColumn('period_end', 'varchar(10)', (col) => col.notNull())
    .addColumn('activity', 'varchar(200)', (col) => col.notNull())
    .addColumn('pcode', 'varchar(20)', (col) => col.notNull())
    .addColumn('place_name', 'varchar(200)', (col) => col.notNull())
    .addColumn('partner', 'varchar(200)', (col) => col.notNull())
    .addColumn('beneficiary_type', 'varchar(60)', (col) => col.notNull())
    .addColumn('targeted', 'integer', (col) => col.notNull())
    .addColumn('reached_women', 'integer', (col) => col.notNull())
    .addColumn('reached_men', 'integer', (col) => col.notNull())
    .addColumn('reached_girls', 'integer', (col) => col.notNull())
    .addColumn('reached_boys', 'integer', (col) => col.notNull())
    .addColumn('reported_by', c.uuid, (col) => col.notNull())
    .addColumn('reported_at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('project_reports_uq', ['project_id', 'period_start', 'activity', 'pcode', 'partner'])
    .addCheckConstraint(
      'project_reports_counts_ck',
      sql`targeted >= 0 and reached_women >= 0 and reached_men >= 0 and reached_girls >= 0 and reached_boys >= 0`,
    )
    .execute();
  await db.schema
    .createIndex('project_reports_org_idx')
    .on('project_reports')
    .columns(['organisation_id', 'period_start'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_reports').execute();
  await db.schema.dropTable('fund_requests').execute();
  await db.schema.dropTable('projects').execute();
  await db.schema.dropTable('fund_lines').execute();
  await db.schema.dropTable('fund_entries').execute();
  await db.schema.dropTable('fund_accounts').execute();
  await db.schema.dropTable('fund_approval_limits').execute();
  await db.schema.dropTable('funds').execute();
}
