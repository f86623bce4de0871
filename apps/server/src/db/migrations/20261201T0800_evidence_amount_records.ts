// Frozen: the aggregate cells of a sum of money (services_value) now also count the records behind each amount, on
// the month rows' second counters, which disclosure control needs (an amount of fewer records than the threshold is
// not published). Cells written before hold no such count, and only the indicators' derivation can give it, not
// SQL: when the database holds any cells or pending deltas, the setting below asks for a rebuild of the cells from
// the records, which the next start (or `corridor migrate`) runs once (evidence/rebuild-required.ts). Until then
// such amounts are suppressed. Kysely<any> only.
import type { Kysely } from 'kysely';

const SETTING = 'evidence_rebuild_required';

export async function up(db: Kysely<any>): Promise<void> {
  const cells = await db.selectFrom('evidence_cells').select('indicator_id').limit(1).executeTakeFirst();
  const pending = await db.selectFrom('evidence_pending').select('seq').limit(1).executeTakeFirst();
  if (!cells && !pending) return;
  await db
    .insertInto('deployment_settings')
    .values({
      name: SETTING,
      value: 'amounts count their records (migration 20261201T0800)',
      set_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

// Down: the amounts' records go (before, a value indicator's month rows had nothing in those columns), and so do the
// rows left with nothing at all.
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('deployment_settings').where('name', '=', SETTING).execute();
  await db
    .updateTable('evidence_cells')
    .set({ quarter_value: 0, quarter_excluded: 0 })
    .where('indicator_id', '=', 'services_value')
    .execute();
  await db
    .deleteFrom('evidence_cells')
    .where('indicator_id', '=', 'services_value')
    .where('value', '=', 0)
    .where('excluded_value', '=', 0)
    .execute();
}
