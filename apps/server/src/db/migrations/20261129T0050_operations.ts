// Frozen: operations — crises, evacuation requests, movements (legs, passengers, reception hand-overs) and return
// and reintegration (plans, hand-overs between offices, scored surveys). docs/operations.md. Written against
// Kysely<any> and the portable column helpers only.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  // created_at, updated_at and version: the columns every versioned record ends with.
  const stamps = (t: any): any =>
    t
      .addColumn('created_at', c.timestamp, (col: any) => col.notNull())
      .addColumn('updated_at', c.timestamp, (col: any) => col.notNull())
      .addColumn('version', 'integer', (col: any) => col.notNull().defaultTo(1));

  await stamps(
    db.schema
      .createTable('crises')
      .addColumn('id', c.uuid, (col) => col.primaryKey())
      .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
      .addColumn('code', 'varchar(40)', (col) => col.notNull())
      .addColumn('name', 'varchar(200)', (col) => col.notNull())
      .addColumn('country', 'varchar(3)', (col) => col.notNull())
      .addColumn('started_on', 'varchar(10)', (col) => col.notNull())
      .addColumn('emergency_level', 'varchar(4)', (col) => col.notNull())
      .addColumn('status', 'varchar(16)', (col) => col.notNull())
      .addColumn('created_by', c.uuid, (col) => col.notNull()),
  )
    .addUniqueConstraint('crises_code_uq', ['organisation_id', 'code'])
    .execute();
  await db.schema
    .createIndex('crises_org_idx')
    .on('crises')
    .columns(['organisation_id', 'status', 'started_on'])
    .execute();

  await db.schema
    .createTable('crisis_areas')
    .addColumn('crisis_id', c.uuid, (col) => col.notNull().references('crises.id').onDelete('cascade'))
    .addColumn('pcode', 'varchar(20)', (col) => col.notNull())
    .addPrimaryKeyConstraint('crisis_areas_pk', ['crisis_id', 'pcode'])
    .execute();

  await db.schema
    .createTable('crisis_populations')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('crisis_id', c.uuid, (col) => col.notNull().references('crises.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('nationality', 'varchar(3)', (col) => col.notNull())
    .addColumn('pcode', 'varchar(20)', (col) => col.notNull())
    .addColumn('people', 'integer', (col) => col.notNull())
    .addColumn('reported_on', 'varchar(10)', (col) => col.notNull())
    .addColumn('source', 'varchar(200)')
    .addColumn('recorded_by', c.uuid, (col) => col.notNull())
    .addColumn('recorded_at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('crisis_populations_uq', ['crisis_id', 'nationality', 'pcode', 'reported_on'])
    .addCheckConstraint('crisis_populations_people_ck', sql`people >= 0`)
    .execute();

  await db.schema
    .createTable('consular_focal_points')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('crisis_id', c.uuid, (col) => col.notNull().references('crises.id').onDelete('cascade'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('nationality', 'varchar(3)', (col) => col.notNull())
    .addColumn('mission', 'varchar(200)', (col) => col.notNull())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('phone', 'varchar(50)')
    .addColumn('email', 'varchar(200)')
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('focal_points_crisis_idx')
    .on('consular_focal_points')
    .columns(['crisis_id', 'nationality'])
    .execute();

  await stamps(
    db.schema
      .createTable('movements')
      .addColumn('id', c.uuid, (col) => col.primaryKey())
      .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
      .addColumn('crisis_id', c.uuid, (col) => col.references('crises.id'))
      .addColumn('type', 'varchar(20)', (col) => col.notNull())
      .addColumn('reference', 'varchar(40)', (col) => col.notNull())
      .addColumn('origin_country', 'varchar(3)', (col) => col.notNull())
      .addColumn('destination_country', 'varchar(3)', (col) => col.notNull())
      .addColumn('status', 'varchar(16)', (col) => col.notNull())
      .addColumn('reception_organisation_id', c.uuid, (col) => col.references('organisations.id'))
      .addColumn('created_by', c.uuid, (col) => col.notNull()),
  )
    .addUniqueConstraint('movements_reference_uq', ['organisation_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('movements_org_idx')
    .on('movements')
    .columns(['organisation_id', 'type', 'status'])
    .execute();
  await db.schema.createIndex('movements_crisis_idx').on('movements').column('crisis_id').execute();

  // Seats per leg: a booking takes a seat with a conditional UPDATE (booked < capacity), and the CHECK makes an
  // overbooked leg impossible whatever the application does.
  await stamps(
    db.schema
      .createTable('movement_legs')
      .addColumn('id', c.uuid, (col) => col.primaryKey())
      .addColumn('movement_id', c.uuid, (col) => col.notNull().references('movements.id').onDelete('cascade'))
      .addColumn('organisation_id', c.uuid, (col) => col.notNull())
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('mode', 'varchar(8)', (col) => col.notNull())
      .addColumn('carrier', 'varchar(100)', (col) => col.notNull())
      .addColumn('service_number', 'varchar(20)')
      .addColumn('from_place', 'varchar(100)', (col) => col.notNull())
      .addColumn('from_country', 'varchar(3)', (col) => col.notNull())
      .addColumn('to_place', 'varchar(100)', (col) => col.notNull())
      .addColumn('to_country', 'varchar(3)', (col) => col.notNull())
      .addColumn('departs_at', c.timestamp, (col) => col.notNull())
      .addColumn('arrives_at', c.timestamp, (col) => col.notNull())
      .addColumn('capacity', 'integer', (col) => col.notNull())
      .addColumn('booked', 'integer', (col) => col.notNull()),
  )
    .addUniqueConstraint('movement_legs_seq_uq', ['movement_id', 'seq'])
    .addCheckConstraint('movement_legs_seats_ck', sql`booked >= 0 and booked <= capacity`)
    .execute();

  await stamps(
    db.schema
      .createTable('evacuation_requests')
      .addColumn('id', c.uuid, (col) => col.primaryKey())
      .addColumn('crisis_id', c.uuid, (col) => col.notNull().references('crises.id'))
      .addColumn('organisation_id', c.uuid, (col) => col.notNull())
      .addColumn('channel', 'varchar(12)', (col) => col.notNull())
      .addColumn('focal_point_id', c.uuid, (col) => col.references('consular_focal_points.id'))
      .addColumn('nationality', 'varchar(3)', (col) => col.notNull())
      .addColumn('pcode', 'varchar(20)')
      .addColumn('given_name', 'varchar(200)')
      .addColumn('family_name', 'varchar(200)')
      .addColumn('date_of_birth', 'varchar(10)')
      .addColumn('sex', 'varchar(12)')
      .addColumn('phone', 'varchar(50)')
      .addColumn('household_size', 'integer', (col) => col.notNull())
      .addColumn('status', 'varchar(12)', (col) => col.notNull())
      .addColumn('beneficiary_id', c.uuid, (col) => col.references('beneficiaries.id'))
      .addColumn('case_id', c.uuid, (col) => col.references('cases.id'))
      .addColumn('passenger_id', c.uuid)
      .addColumn('decline_reason', 'varchar(500)')
      .addColumn('received_at', c.timestamp, (col) => col.notNull())
      .addColumn('received_by', c.uuid, (col) => col.notNull()),
  ).execute();
  await db.schema
    .createIndex('evacuation_requests_crisis_idx')
    .on('evacuation_requests')
    .columns(['crisis_id', 'status', 'received_at'])
    .execute();

  await db.schema
    .createTable('movement_passengers')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('movement_id', c.uuid, (col) => col.notNull().references('movements.id'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    // Copied from the movement (never changes): the year's figures count by type without a join.
    .addColumn('movement_type', 'varchar(20)', (col) => col.notNull())
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id'))
    .addColumn('case_id', c.uuid, (col) => col.references('cases.id'))
    .addColumn('status', 'varchar(12)', (col) => col.notNull())
    .addColumn('fit_to_travel', 'varchar(16)', (col) => col.notNull())
    .addColumn('medical_escort', 'integer', (col) => col.notNull())
    .addColumn('document_type', 'varchar(40)')
    .addColumn('document_number', 'varchar(60)')
    .addColumn('document_expires_on', 'varchar(10)')
    // movement id + person while the passenger holds seats: the unique index refuses booking one person twice.
    .addColumn('hold_key', 'varchar(80)', (col) => col.unique())
    .addColumn('booked_by', c.uuid, (col) => col.notNull())
    .addColumn('booked_at', c.timestamp, (col) => col.notNull())
    .addColumn('checked_in_at', c.timestamp)
    .addColumn('departed_at', c.timestamp)
    .addColumn('arrived_at', c.timestamp)
    .addColumn('no_show_at', c.timestamp)
    .addColumn('cancelled_at', c.timestamp)
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('movement_passengers_movement_idx')
    .on('movement_passengers')
    .columns(['movement_id', 'status'])
    .execute();
  await db.schema
    .createIndex('movement_passengers_figures_idx')
    .on('movement_passengers')
    .columns(['organisation_id', 'arrived_at', 'movement_type'])
    .execute();
  await db.schema
    .createIndex('movement_passengers_status_idx')
    .on('movement_passengers')
    .columns(['organisation_id', 'status', 'booked_at'])
    .execute();
  await db.schema
    .createIndex('movement_passengers_person_idx')
    .on('movement_passengers')
    .column('beneficiary_id')
    .execute();

  // People moved per organisation, month (UTC) and movement type: kept in the same transaction as the passenger's
  // step (arrival, no-show, cancellation), so the year's figures read at most 36 rows instead of every passenger.
  await db.schema
    .createTable('movement_figures')
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('month', 'varchar(7)', (col) => col.notNull())
    .addColumn('movement_type', 'varchar(20)', (col) => col.notNull())
    .addColumn('arrived', 'integer', (col) => col.notNull())
    .addColumn('no_show', 'integer', (col) => col.notNull())
    .addColumn('cancelled', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('movement_figures_pk', ['organisation_id', 'month', 'movement_type'])
    .execute();

  await db.schema
    .createTable('movement_receptions')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('movement_id', c.uuid, (col) => col.notNull().references('movements.id'))
    .addColumn('passenger_id', c.uuid, (col) => col.notNull().references('movement_passengers.id'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('partner_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('status', 'varchar(12)', (col) => col.notNull())
    // The hand-over: only the fields the receiving partner needs (docs/operations.md), frozen when sent.
    .addColumn('shared', c.text, (col) => col.notNull())
    .addColumn('sent_by', c.uuid, (col) => col.notNull())
    .addColumn('sent_at', c.timestamp, (col) => col.notNull())
    .addColumn('received_by', c.uuid)
    .addColumn('received_at', c.timestamp)
    .addUniqueConstraint('movement_receptions_passenger_uq', ['passenger_id'])
    .execute();
  await db.schema
    .createIndex('movement_receptions_partner_idx')
    .on('movement_receptions')
    .columns(['partner_organisation_id', 'status'])
    .execute();

  await stamps(
    db.schema
      .createTable('reintegration_plans')
      .addColumn('id', c.uuid, (col) => col.primaryKey())
      // The office holding the plan now: the host country's until the hand-over is accepted, then the origin's.
      .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
      .addColumn('host_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
      .addColumn('case_id', c.uuid, (col) => col.notNull().references('cases.id'))
      .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id'))
      .addColumn('passenger_id', c.uuid, (col) => col.references('movement_passengers.id'))
      .addColumn('country_of_return', 'varchar(3)', (col) => col.notNull())
      .addColumn('pcode_of_return', 'varchar(20)')
      .addColumn('returned_on', 'varchar(10)')
      .addColumn('cohort', 'varchar(7)')
      .addColumn('status', 'varchar(12)', (col) => col.notNull())
      // What the receiving office learns of the returnee at hand-over (minimal profile), frozen when accepted.
      .addColumn('returnee', c.text, (col) => col.notNull())
      .addColumn('created_by', c.uuid, (col) => col.notNull()),
  )
    .addUniqueConstraint('reintegration_plans_case_uq', ['case_id'])
    .execute();
  await db.schema
    .createIndex('reintegration_plans_org_idx')
    .on('reintegration_plans')
    .columns(['organisation_id', 'country_of_return', 'cohort'])
    .execute();

  await db.schema
    .createTable('reintegration_plan_items')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('plan_id', c.uuid, (col) => col.notNull().references('reintegration_plans.id').onDelete('cascade'))
    .addColumn('dimension', 'varchar(16)', (col) => col.notNull())
    .addColumn('level', 'varchar(16)', (col) => col.notNull())
    .addColumn('support', 'varchar(40)', (col) => col.notNull())
    .addColumn('description', 'varchar(1000)', (col) => col.notNull())
    .addColumn('status', 'varchar(12)', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('reintegration_handovers')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('plan_id', c.uuid, (col) => col.notNull().references('reintegration_plans.id'))
    .addColumn('from_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('to_organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('status', 'varchar(12)', (col) => col.notNull())
    .addColumn('note', 'varchar(1000)')
    .addColumn('sent_by', c.uuid, (col) => col.notNull())
    .addColumn('sent_at', c.timestamp, (col) => col.notNull())
    .addColumn('decided_by', c.uuid)
    .addColumn('decided_at', c.timestamp)
    .execute();
  await db.schema
    .createIndex('reintegration_handovers_to_idx')
    .on('reintegration_handovers')
    .columns(['to_organisation_id', 'status'])
    .execute();

  await db.schema
    .createTable('reintegration_surveys')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('plan_id', c.uuid, (col) => col.notNull().references('reintegration_plans.id'))
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('round', 'varchar(8)', (col) => col.notNull())
    .addColumn('instrument_version', 'varchar(20)', (col) => col.notNull())
    .addColumn('conducted_on', 'varchar(10)', (col) => col.notNull())
    .addColumn('answers', c.text, (col) => col.notNull())
    .addColumn('economic', 'real', (col) => col.notNull())
    .addColumn('social', 'real', (col) => col.notNull())
    .addColumn('psychosocial', 'real', (col) => col.notNull())
    .addColumn('composite', 'real', (col) => col.notNull())
    .addColumn('recorded_by', c.uuid, (col) => col.notNull())
    .addColumn('recorded_at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('reintegration_surveys_round_uq', ['plan_id', 'round'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'reintegration_surveys',
    'reintegration_handovers',
    'reintegration_plan_items',
    'reintegration_plans',
    'movement_receptions',
    'movement_figures',
    'movement_passengers',
    'evacuation_requests',
    'movement_legs',
    'movements',
    'consular_focal_points',
    'crisis_populations',
    'crisis_areas',
    'crises',
  ])
    await db.schema.dropTable(t).execute();
}
