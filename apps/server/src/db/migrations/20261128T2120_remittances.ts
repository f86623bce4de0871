// Frozen: remittance prices (RPW quotes and the corridor history) and recruitment-cost surveys (SDG 10.c.1 and
// 10.7.1, docs/remittances.md). Written against Kysely<any> and the portable column helpers only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  // One price quote: a service (firm x product) in a corridor in a quarter, priced for USD 200 (cc1) and USD 500
  // (cc2), as in the World Bank's Remittance Prices Worldwide. Public price data, not personal data.
  await db.schema
    .createTable('remittance_quotes')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('period', 'varchar(7)', (col) => col.notNull())
    .addColumn('source_code', 'varchar(3)', (col) => col.notNull())
    .addColumn('destination_code', 'varchar(3)', (col) => col.notNull())
    .addColumn('firm', 'varchar(200)', (col) => col.notNull())
    .addColumn('firm_type', 'varchar(60)', (col) => col.notNull())
    .addColumn('product', 'varchar(200)', (col) => col.notNull())
    .addColumn('payment_instrument', 'varchar(100)', (col) => col.notNull())
    .addColumn('access_point', 'varchar(100)', (col) => col.notNull())
    .addColumn('speed', 'varchar(60)', (col) => col.notNull())
    .addColumn('speed_days', 'integer', (col) => col.notNull())
    .addColumn('transparent', 'integer', (col) => col.notNull())
    .addColumn('accessible', 'integer', (col) => col.notNull())
    .addColumn('cc1_amount_lcu', 'double precision')
    .addColumn('cc1_fee_lcu', 'double precision')
    .addColumn('cc1_fx_margin', 'double precision', (col) => col.notNull())
    .addColumn('cc1_total_cost', 'double precision', (col) => col.notNull())
    .addColumn('cc2_amount_lcu', 'double precision')
    .addColumn('cc2_fee_lcu', 'double precision')
    .addColumn('cc2_fx_margin', 'double precision')
    .addColumn('cc2_total_cost', 'double precision')
    .addColumn('entered_by', 'varchar(8)', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.references('users.id'))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('remittance_quotes_service_uq', [
      'period',
      'source_code',
      'destination_code',
      'firm',
      'product',
    ])
    .execute();
  await db.schema
    .createIndex('remittance_quotes_corridor_idx')
    .on('remittance_quotes')
    .columns(['source_code', 'destination_code', 'period'])
    .execute();
  await db.schema.createIndex('remittance_quotes_org_idx').on('remittance_quotes').column('organisation_id').execute();

  // Corridor averages per quarter from an outside series (the RPW history), for trends. Public data.
  await db.schema
    .createTable('remittance_corridor_history')
    .addColumn('period', 'varchar(7)', (col) => col.notNull())
    .addColumn('source_code', 'varchar(3)', (col) => col.notNull())
    .addColumn('destination_code', 'varchar(3)', (col) => col.notNull())
    .addColumn('avg_cost_200', 'double precision')
    .addColumn('avg_cost_500', 'double precision')
    .addColumn('avg_fx_margin_200', 'double precision')
    .addColumn('avg_fx_margin_500', 'double precision')
    .addColumn('providers', 'integer')
    .addColumn('dataset', 'varchar(120)', (col) => col.notNull())
    .addColumn('loaded_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('remittance_corridor_history_pk', ['source_code', 'destination_code', 'period'])
    .execute();

  // One worker's answer to a recruitment-cost survey (SDG 10.7.1): what they paid and what they earned in their
  // first month in the destination, with the exchange rates the survey recorded. No names: pseudonymous microdata.
  await db.schema
    .createTable('recruitment_cost_responses')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('survey', 'varchar(120)', (col) => col.notNull())
    .addColumn('respondent_ref', 'varchar(60)')
    .addColumn('origin_code', 'varchar(3)', (col) => col.notNull())
    .addColumn('destination_code', 'varchar(3)', (col) => col.notNull())
    .addColumn('survey_year', 'integer', (col) => col.notNull())
    .addColumn('sector', 'varchar(60)')
    .addColumn('costs_paid', 'double precision', (col) => col.notNull())
    .addColumn('costs_currency', 'varchar(3)', (col) => col.notNull())
    .addColumn('costs_usd_rate', 'double precision', (col) => col.notNull())
    .addColumn('monthly_earnings', 'double precision', (col) => col.notNull())
    .addColumn('earnings_currency', 'varchar(3)', (col) => col.notNull())
    .addColumn('earnings_usd_rate', 'double precision', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.references('users.id'))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('recruitment_cost_responses_ref_uq', ['organisation_id', 'survey', 'respondent_ref'])
    .execute();
  await db.schema
    .createIndex('recruitment_cost_responses_corridor_idx')
    .on('recruitment_cost_responses')
    .columns(['organisation_id', 'origin_code', 'destination_code', 'survey_year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recruitment_cost_responses').execute();
  await db.schema.dropTable('remittance_corridor_history').execute();
  await db.schema.dropTable('remittance_quotes').execute();
}
