// Frozen: the evidence base's aggregate cells (docs/indicators.md). One row per indicator, reference period and
// combination of dimension values, kept current in the transaction of every write that changes it (upserts that add
// a delta, so concurrent writers are safe). Written against Kysely<any> and the portable column helpers only.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

const DIMENSION_COLUMNS = [
  'country',
  'pcode',
  'sex',
  'age_group',
  'nationality',
  'case_type',
  'exploitation_type',
  'service_type',
  'currency',
] as const;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  let t = db.schema
    .createTable('evidence_cells')
    .addColumn('indicator_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('grain', 'varchar(8)', (col) => col.notNull())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    // 'summary' (the fine-grained dimensions p-code and nationality at '*') or 'detail': most queries read only the
    // summary cells, which the key keeps together.
    .addColumn('level', 'varchar(8)', (col) => col.notNull())
    .addColumn('period', 'varchar(8)', (col) => col.notNull())
    // Every dimension value of the cell joined by '|', in a fixed order: the cell's identity for upserts.
    .addColumn('cell_key', 'varchar(400)', (col) => col.notNull());
  for (const d of DIMENSION_COLUMNS) t = t.addColumn(d, 'varchar(64)', (col) => col.notNull().defaultTo(''));
  t = t
    // Counted records (with a basis for statistics) and records left out for want of one, in the indicator's measure.
    .addColumn('value', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('excluded_value', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    // The order every query reads: one indicator and grain, one organisation (or all), one level, a range of
    // periods. On SQLite the table is WITHOUT ROWID, so the primary key is the table and a query reads one
    // contiguous range.
    .addPrimaryKeyConstraint('evidence_cells_pk', [
      'indicator_id',
      'grain',
      'organisation_id',
      'level',
      'period',
      'cell_key',
    ]);
  if (dialect === 'sqlite') t = t.modifyEnd(sql`without rowid`);
  await t.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_cells').execute();
}
