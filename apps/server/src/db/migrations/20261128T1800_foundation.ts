// Frozen: written against Kysely<any> and the portable column helpers only. Never edit after release;
// add a new migration instead.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);

  await db.schema
    .createTable('organisations')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('code', 'varchar(16)', (col) => col.notNull().unique())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('kind', 'varchar(32)', (col) => col.notNull())
    .addColumn('country', 'char(3)', (col) => col.notNull())
    .addColumn('demo', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('email', 'varchar(254)', (col) => col.notNull().unique())
    .addColumn('display_name', 'varchar(200)', (col) => col.notNull())
    .addColumn('password_hash', 'varchar(255)', (col) => col.notNull())
    .addColumn('locale', 'varchar(8)', (col) => col.notNull().defaultTo('en'))
    .addColumn('totp_secret', 'varchar(255)')
    .addColumn('totp_pending_secret', 'varchar(255)')
    .addColumn('totp_enabled_at', c.timestamp)
    .addColumn('totp_last_step', 'integer')
    .addColumn('disabled_at', c.timestamp)
    .addColumn('last_login_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('users_organisation_idx').on('users').column('organisation_id').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(32)', (col) => col.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (col) => col.notNull())
    .addColumn('used_at', c.timestamp)
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (col) => col.notNull())
    .addColumn('mfa_pending', 'integer', (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('last_seen_at', c.timestamp, (col) => col.notNull())
    .addColumn('absolute_expires_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('created_by', c.uuid, (col) => col.notNull().references('users.id'))
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('roles', 'varchar(200)', (col) => col.notNull())
    .addColumn('secret_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('expires_at', c.timestamp, (col) => col.notNull())
    .addColumn('revoked_at', c.timestamp)
    .addColumn('last_used_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_organisation_idx').on('api_tokens').column('organisation_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (col) => col.primaryKey())
    .addColumn('at', c.timestamp, (col) => col.notNull())
    .addColumn('action', 'varchar(100)', (col) => col.notNull())
    .addColumn('entity_type', 'varchar(100)', (col) => col.notNull())
    .addColumn('entity_id', 'varchar(100)')
    .addColumn('organisation_id', c.uuid)
    .addColumn('actor_user_id', c.uuid)
    .addColumn('actor_organisation_id', c.uuid)
    .addColumn('actor_roles', 'varchar(200)', (col) => col.notNull())
    .addColumn('purpose', 'varchar(100)')
    .addColumn('sensitive_read', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('details', c.text, (col) => col.notNull())
    .addColumn('prev_hash', 'varchar(64)', (col) => col.notNull())
    .addColumn('hash', 'varchar(64)', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_org_seq_idx').on('audit_log').columns(['organisation_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'varchar(100)', (col) => col.notNull())
    .addColumn('key', 'varchar(255)', (col) => col.notNull())
    .addColumn('request_hash', 'varchar(64)', (col) => col.notNull())
    .addColumn('state', 'varchar(16)', (col) => col.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', c.text)
    .addColumn('response_headers', c.text)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'varchar(200)', (col) => col.primaryKey())
    .addColumn('window_start', c.timestamp, (col) => col.notNull())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'rate_limits',
    'idempotency_keys',
    'audit_log',
    'api_tokens',
    'sessions',
    'recovery_codes',
    'user_roles',
    'users',
    'organisations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
