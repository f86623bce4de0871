// Frozen: an organisation's IATI identifier (org-id.guide), with which its activities are published. Nullable: an
// organisation that does not publish to IATI has none. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('iati_identifier', 'varchar(100)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('iati_identifier').execute();
}
