// Frozen: Visa Assistance Centres, their services, closures, slot seat counters and appointments
// (docs/centres.md). Written against Kysely<any> and the portable column helpers only.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('centres')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('country', 'varchar(3)', (col) => col.notNull())
    .addColumn('pcode', 'varchar(20)')
    .addColumn('address', 'varchar(500)', (col) => col.notNull())
    .addColumn('time_zone', 'varchar(64)', (col) => col.notNull())
    // Weekly opening hours as JSON: never filtered on, read with the centre.
    .addColumn('opening_hours', c.text, (col) => col.notNull())
    .addColumn('public_booking', 'integer', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('centres_org_idx').on('centres').columns(['organisation_id', 'name']).execute();
  await db.schema.createIndex('centres_country_idx').on('centres').columns(['country', 'active']).execute();

  await db.schema
    .createTable('centre_services')
    .addColumn('centre_id', c.uuid, (col) => col.notNull().references('centres.id').onDelete('cascade'))
    .addColumn('service', 'varchar(40)', (col) => col.notNull())
    .addColumn('slot_minutes', 'integer', (col) => col.notNull())
    .addColumn('seats_per_slot', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('centre_services_pk', ['centre_id', 'service'])
    .execute();

  await db.schema
    .createTable('centre_closures')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('centre_id', c.uuid, (col) => col.notNull().references('centres.id').onDelete('cascade'))
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('reason', 'varchar(200)', (col) => col.notNull())
    .addColumn('created_by', c.uuid, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addUniqueConstraint('centre_closures_day_uq', ['centre_id', 'day'])
    .execute();

  // One row per slot that has ever been booked: the seat counter. A booking takes a seat with a conditional
  // UPDATE (booked < capacity) and the CHECK makes overbooking impossible whatever the application does.
  await db.schema
    .createTable('centre_slots')
    .addColumn('centre_id', c.uuid, (col) => col.notNull().references('centres.id').onDelete('cascade'))
    .addColumn('service', 'varchar(40)', (col) => col.notNull())
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('start_time', 'varchar(5)', (col) => col.notNull())
    .addColumn('capacity', 'integer', (col) => col.notNull())
    .addColumn('booked', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('centre_slots_pk', ['centre_id', 'service', 'day', 'start_time'])
    .addCheckConstraint('centre_slots_seats_ck', sql`booked >= 0 and booked <= capacity`)
    .execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('centre_id', c.uuid, (col) => col.notNull().references('centres.id'))
    .addColumn('service', 'varchar(40)', (col) => col.notNull())
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('start_time', 'varchar(5)', (col) => col.notNull())
    .addColumn('starts_at', c.timestamp, (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('channel', 'varchar(8)', (col) => col.notNull())
    .addColumn('beneficiary_id', c.uuid, (col) => col.references('beneficiaries.id'))
    .addColumn('contact_name', 'varchar(200)')
    .addColumn('contact_phone', 'varchar(32)')
    .addColumn('contact_email', 'varchar(200)')
    .addColumn('contact_locale', 'varchar(2)')
    // Keyed hash of who the appointment is for (the registry id, or the normalised phone number), plus the day,
    // while the appointment holds a seat: the unique index refuses a second booking of one person on one day.
    .addColumn('hold_key', 'varchar(80)', (col) => col.unique())
    // SHA-256 of the public booking code (the code itself is shown once and never stored).
    .addColumn('code_hash', 'varchar(64)', (col) => col.unique())
    .addColumn('booked_by', c.uuid)
    .addColumn('booked_at', c.timestamp, (col) => col.notNull())
    .addColumn('checked_in_at', c.timestamp)
    .addColumn('served_at', c.timestamp)
    .addColumn('no_show_at', c.timestamp)
    .addColumn('cancelled_at', c.timestamp)
    .addColumn('reminder_queued_at', c.timestamp)
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('appointments_centre_day_idx').on('appointments').columns(['centre_id', 'day']).execute();
  await db.schema.createIndex('appointments_due_idx').on('appointments').columns(['status', 'starts_at']).execute();
  await db.schema.createIndex('appointments_beneficiary_idx').on('appointments').column('beneficiary_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appointments').execute();
  await db.schema.dropTable('centre_slots').execute();
  await db.schema.dropTable('centre_closures').execute();
  await db.schema.dropTable('centre_services').execute();
  await db.schema.dropTable('centres').execute();
}
