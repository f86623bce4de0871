// Frozen: settings every server of one deployment must agree on, by name (the first: a fingerprint of the secret key,
// secret-key.ts assertSameSecretKey, so that a server started with another key is refused instead of failing on
// every sealed secret). Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema
    .createTable('deployment_settings')
    .addColumn('name', 'varchar(100)', (col) => col.primaryKey())
    .addColumn('value', c.text, (col) => col.notNull())
    .addColumn('set_at', c.timestamp, (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deployment_settings').execute();
}
