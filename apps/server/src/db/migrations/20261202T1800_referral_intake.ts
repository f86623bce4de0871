// Frozen: what referrals an organisation takes (identity/organisations.service.ts, the partner directory): whether it
// has paused new ones, the service types it takes (null: any), and a note partners read before referring. Existing
// organisations keep taking any referral. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('referrals_paused', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('organisations').addColumn('referral_services', 'varchar(2000)').execute();
  await db.schema.alterTable('organisations').addColumn('referral_note', 'varchar(300)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['referral_note', 'referral_services', 'referrals_paused'])
    await db.schema.alterTable('organisations').dropColumn(column).execute();
}
