// Frozen: named colleagues of the receiving organisation let in to a sensitive referral (besides the caseworker it
// is assigned to), like case_access for an organisation's own cases. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('referral_access')
    .addColumn('referral_id', c.uuid, (col) => col.notNull().references('referrals.id').onDelete('cascade'))
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id'))
    .addColumn('granted_by', c.uuid, (col) => col.notNull())
    .addColumn('granted_at', c.timestamp, (col) => col.notNull())
    .addColumn('reason', 'varchar(400)', (col) => col.notNull())
    .addPrimaryKeyConstraint('referral_access_pk', ['referral_id', 'user_id'])
    .execute();
  await db.schema.createIndex('referral_access_user_idx').on('referral_access').columns(['user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('referral_access').execute();
}
