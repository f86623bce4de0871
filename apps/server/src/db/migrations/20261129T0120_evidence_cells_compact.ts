// Frozen. The evidence base's people indicators (people assisted, victims of trafficking...) keep their quarters on
// month rows (docs/indicators.md, "Always-fresh aggregates"). A person counts once in a quarter, so a quarter is not
// the sum of its months' values: each month row gets two more counters, the part of the quarter's count (and
// exclusions) that it carries, and the quarter is the sum of its months' parts. A write then touches two rows per
// cell (month and year) instead of three; the people indicators' years stay rows of their own (what the annual
// report reads), the event and value indicators stay months only (20261129T0070).
//
// Existing cells: every quarter row becomes the part of the first month of its quarter (the row of that month and
// cell, created when there is none), then goes. Every quarter sums to what it did, so the dashboards, the reports and
// `corridor evidence verify` (which compares periods, the sums of their parts) give the same numbers. New writes
// place a person's part on the month of their first event in the quarter (derived from the raw records);
// `corridor evidence rebuild` places the migrated parts there too, and is never required.
// Down: the parts are summed back into quarter rows, and month rows that only carried parts go.
// Written against Kysely<any> and plain SQL both engines accept.
import { type Kysely, sql } from 'kysely';

const DIMENSIONS =
  'organisation_id, level, cell_key, country, pcode, sex, age_group, nationality, case_type, exploitation_type, ' +
  'service_type, currency';

const PART_COLUMNS = ['quarter_value', 'quarter_excluded'] as const;

/** The first month of a quarter in the `period` column (2026-Q2 -> 2026-04). */
const FIRST_MONTH =
  "substr(period, 1, 4) || '-' || case substr(period, 7, 1) when '1' then '01' when '2' then '04' " +
  "when '3' then '07' else '10' end";

/** The quarter of a month in the `period` column (2026-05 -> 2026-Q2; integer division). */
const QUARTER_OF_MONTH =
  "substr(period, 1, 4) || '-Q' || cast((cast(substr(period, 6, 2) as integer) + 2) / 3 as varchar(1))";

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of PART_COLUMNS)
    await db.schema
      .alterTable('evidence_cells')
      .addColumn(column, 'bigint', (col) => col.notNull().defaultTo(0))
      .execute();
  await sql`insert into evidence_cells (indicator_id, grain, period, ${sql.raw(DIMENSIONS)}, value, excluded_value,
      quarter_value, quarter_excluded, updated_at)
    select indicator_id, 'month', ${sql.raw(FIRST_MONTH)}, ${sql.raw(DIMENSIONS)}, 0, 0, value, excluded_value,
      updated_at
    from evidence_cells where grain = 'quarter'
    on conflict (indicator_id, grain, organisation_id, level, period, cell_key) do update set
      quarter_value = evidence_cells.quarter_value + excluded.quarter_value,
      quarter_excluded = evidence_cells.quarter_excluded + excluded.quarter_excluded`.execute(db);
  await db.deleteFrom('evidence_cells').where('grain', '=', 'quarter').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const quarter = sql.raw(QUARTER_OF_MONTH);
  await sql`insert into evidence_cells (indicator_id, grain, period, ${sql.raw(DIMENSIONS)}, value, excluded_value,
      updated_at)
    select indicator_id, 'quarter', ${quarter}, ${sql.raw(DIMENSIONS)}, sum(quarter_value), sum(quarter_excluded),
      max(updated_at)
    from evidence_cells where grain = 'month'
    group by indicator_id, ${quarter}, ${sql.raw(DIMENSIONS)}
    having sum(quarter_value) <> 0 or sum(quarter_excluded) <> 0`.execute(db);
  await db
    .deleteFrom('evidence_cells')
    .where('grain', '=', 'month')
    .where('value', '=', 0)
    .where('excluded_value', '=', 0)
    .execute();
  for (const column of PART_COLUMNS) await db.schema.alterTable('evidence_cells').dropColumn(column).execute();
}
