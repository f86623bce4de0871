// Frozen: links that let a person who forgot their password set a new one (identity/password-reset.ts). Only the
// token's hash is kept; a link works once, until it expires. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('expires_at', c.timestamp, (col) => col.notNull())
    .addColumn('used_at', c.timestamp)
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
}
