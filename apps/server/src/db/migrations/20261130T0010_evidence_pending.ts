// Frozen: the evidence base's pending deltas (docs/indicators.md, "Pending deltas"). A single write appends what it
// changes in the aggregate cells as one row here, in its own transaction, instead of changing each of its 4 to 14
// cells; the rows are folded into evidence_cells before any read of the cells and by the `evidence-fold` job.
// `seq` orders the rows (folds lock them in that order on PostgreSQL); `deltas` is JSON, a list of
// [cell address, value, excluded]; `at` is the write's time, which becomes the cells' updated_at when folded.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('evidence_pending')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (col) => col.primaryKey())
    .addColumn('deltas', c.text, (col) => col.notNull())
    .addColumn('at', c.timestamp, (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_pending').execute();
}
