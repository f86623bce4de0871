// Frozen: background jobs (the embedded engine's queue, schedules and the run history of both engines), staff
// notifications, the outbound message outbox and referral reminders (docs/jobs.md). Written against Kysely<any>
// and the portable column helpers only. On PostgreSQL the queue itself is pg-boss in its own schema; `jobs` and
// `job_schedules` stay empty there.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);

  // The embedded queue: one row per job. A runner claims a job by a conditional update (state and lock), so two
  // runners never run one job; the partial unique index keeps at most one job per singleton key in each live
  // state (waiting, retrying, running), as pg-boss's `stately` policy does.
  await db.schema
    .createTable('jobs')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('singleton_key', 'varchar(200)')
    .addColumn('state', 'varchar(16)', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (col) => col.notNull())
    .addColumn('start_after', c.timestamp, (col) => col.notNull())
    .addColumn('locked_by', 'varchar(100)')
    .addColumn('locked_until', c.timestamp)
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('started_at', c.timestamp)
    .addColumn('finished_at', c.timestamp)
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['state', 'start_after']).execute();
  await db.schema
    .createIndex('jobs_singleton_uq')
    .on('jobs')
    .columns(['name', 'singleton_key', 'state'])
    .unique()
    .where(sql<boolean>`singleton_key is not null and state in ('created', 'retry', 'active')`)
    .execute();

  // Recurring schedules of the embedded queue: the next slot is claimed by a conditional update.
  await db.schema
    .createTable('job_schedules')
    .addColumn('name', 'varchar(100)', (col) => col.primaryKey())
    .addColumn('cron', 'varchar(100)', (col) => col.notNull())
    .addColumn('next_run_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  // Every run of a registered job, on either engine, for `corridor jobs list`.
  await db.schema
    .createTable('job_runs')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('job_name', 'varchar(100)', (col) => col.notNull())
    .addColumn('job_id', 'varchar(64)')
    .addColumn('trigger', 'varchar(16)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('summary', 'text')
    .addColumn('error', 'text')
    .addColumn('started_at', c.timestamp, (col) => col.notNull())
    .addColumn('finished_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('job_runs_name_idx').on('job_runs').columns(['job_name', 'started_at']).execute();

  // Staff notifications: to one user, or to every user of an organisation holding a role.
  await db.schema
    .createTable('notifications')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('recipient_user_id', c.uuid, (col) => col.references('users.id'))
    .addColumn('recipient_organisation_id', c.uuid, (col) => col.references('organisations.id'))
    .addColumn('recipient_role', 'varchar(32)')
    .addColumn('kind', 'varchar(64)', (col) => col.notNull())
    .addColumn('subject_type', 'varchar(32)', (col) => col.notNull())
    .addColumn('subject_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('reference', 'varchar(64)')
    .addColumn('dedupe_key', 'varchar(200)', (col) => col.unique())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addCheckConstraint(
      'notifications_recipient_ck',
      sql`(recipient_user_id is not null and recipient_organisation_id is null and recipient_role is null) or (recipient_user_id is null and recipient_organisation_id is not null and recipient_role is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['recipient_user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_org_role_idx')
    .on('notifications')
    .columns(['recipient_organisation_id', 'recipient_role', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_subject_idx')
    .on('notifications')
    .columns(['subject_type', 'subject_id'])
    .execute();
  // Read receipts per user: a notification to a role is read by each of its users separately.
  await db.schema
    .createTable('notification_reads')
    .addColumn('notification_id', c.uuid, (col) => col.notNull().references('notifications.id').onDelete('cascade'))
    .addColumn('user_id', c.uuid, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('read_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('notification_reads_pk', ['notification_id', 'user_id'])
    .execute();

  // Messages to migrants (SMS, e-mail) waiting for, or past, delivery.
  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.references('organisations.id'))
    .addColumn('channel', 'varchar(8)', (col) => col.notNull())
    .addColumn('address', 'varchar(320)', (col) => col.notNull())
    .addColumn('subject', 'varchar(200)')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('kind', 'varchar(64)', (col) => col.notNull())
    .addColumn('related_type', 'varchar(32)')
    .addColumn('related_id', 'varchar(64)')
    .addColumn('dedupe_key', 'varchar(200)', (col) => col.unique())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('send_after', c.timestamp, (col) => col.notNull())
    .addColumn('claimed_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('sent_at', c.timestamp)
    .execute();
  await db.schema
    .createIndex('outbound_messages_due_idx')
    .on('outbound_messages')
    .columns(['status', 'send_after'])
    .execute();
  await db.schema
    .createIndex('outbound_messages_related_idx')
    .on('outbound_messages')
    .columns(['related_type', 'related_id'])
    .execute();

  // One reminder per referral and stage, whoever runs the job and however often.
  await db.schema
    .createTable('referral_reminders')
    .addColumn('referral_id', c.uuid, (col) => col.notNull().references('referrals.id').onDelete('cascade'))
    .addColumn('stage', 'varchar(32)', (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('referral_reminders_pk', ['referral_id', 'stage'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'referral_reminders',
    'outbound_messages',
    'notification_reads',
    'notifications',
    'job_runs',
    'job_schedules',
    'jobs',
  ])
    await db.schema.dropTable(t).execute();
}
