// Frozen, two changes to the evidence base (docs/indicators.md). 1. Event and value indicators are stored by month
// only: their quarter and year cells are the sums of their months, added up when read, so a write touches a third of
// the rows it did; the existing quarter and year cells of those indicators go (down: they are summed back).
// 2. Which expired statistics grants the evidence base's aggregate cells already reflect (docs/indicators.md,
// "Consent"). A person whose statistics grant expires by the passing of time, with no write, is moved from counted
// to excluded by the `evidence-consent-expiry` job (or by their next write, whichever comes first); this row says it
// was done, so it is done once. It goes with the grant (cascade) when the ledger is erased. Written against
// Kysely<any> and the portable column helpers only.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

/** The event and value indicators of 29 November 2026 (people indicators keep every grain). */
const BY_MONTH = [
  'cases_opened',
  'cases_closed',
  'services_delivered',
  'services_value',
  'referrals_sent',
  'referrals_completed',
];

const COLUMNS =
  'organisation_id, level, cell_key, country, pcode, sex, age_group, nationality, case_type, exploitation_type, ' +
  'service_type, currency';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.deleteFrom('evidence_cells').where('indicator_id', 'in', BY_MONTH).where('grain', '<>', 'month').execute();
  await db.schema
    .createTable('evidence_membership')
    // The statistics grant (a consent event) whose expiry the cells reflect.
    .addColumn('consent_event_id', c.uuid, (col) =>
      col.primaryKey().references('consent_events.id').onDelete('cascade'),
    )
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('applied_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_membership_beneficiary_idx')
    .on('evidence_membership')
    .column('beneficiary_id')
    .execute();
  // The expiry job looks for grants whose expiry has come (few: statistics grants are normally open-ended).
  await db.schema.createIndex('consent_events_expires_idx').on('consent_events').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('consent_events_expires_idx').execute();
  await db.schema.dropTable('evidence_membership').execute();
  const periods = {
    year: 'substr(period, 1, 4)',
    quarter: "substr(period, 1, 4) || '-Q' || cast((cast(substr(period, 6, 2) as integer) + 2) / 3 as varchar(1))",
  };
  const list = sql.join(BY_MONTH.map((id) => sql`${id}`));
  for (const [grain, period] of Object.entries(periods))
    await sql`insert into evidence_cells (indicator_id, grain, period, ${sql.raw(COLUMNS)}, value, excluded_value, updated_at)
      select indicator_id, ${grain}, ${sql.raw(period)}, ${sql.raw(COLUMNS)}, sum(value), sum(excluded_value), max(updated_at)
      from evidence_cells where grain = 'month' and indicator_id in (${list})
      group by indicator_id, ${sql.raw(period)}, ${sql.raw(COLUMNS)}`.execute(db);
}
