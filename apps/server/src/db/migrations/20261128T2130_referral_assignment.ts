// Frozen: the receiving organisation's assignment of a referral to one of its caseworkers (who then alone, with
// its supervisors for management, sees a sensitive referral's shared data); a version on case plan items, so that
// their updates are guarded by If-Match like every other update of a case. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  // No foreign key (like sent_by and responded_by), so that the column can be dropped again on SQLite.
  await db.schema.alterTable('referrals').addColumn('assigned_to', c.uuid).execute();
  await db.schema.alterTable('referrals').addColumn('assigned_at', c.timestamp).execute();
  await db.schema
    .createIndex('referrals_assigned_idx')
    .on('referrals')
    .columns(['to_organisation_id', 'assigned_to'])
    .execute();
  await db.schema
    .alterTable('case_plan_items')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_plan_items').dropColumn('version').execute();
  await db.schema.dropIndex('referrals_assigned_idx').execute();
  await db.schema.alterTable('referrals').dropColumn('assigned_at').execute();
  await db.schema.alterTable('referrals').dropColumn('assigned_to').execute();
}
