// Frozen: a member of staff's choice to get an e-mail copy of each of their notifications (notifications/notify.ts).
// Off (0) for everyone until they turn it on themselves. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('notify_by_email', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('notify_by_email').execute();
}
