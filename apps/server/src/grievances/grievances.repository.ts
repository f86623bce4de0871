// SQL of the grievances context. Every officer query is scoped to the caller's organisation by the service.
import type { ExpressionBuilder } from 'kysely';
import type { Db, Trx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type {
  GrievanceDeskRow,
  GrievanceEventTable,
  GrievanceMessageRow,
  GrievanceMessageTable,
  GrievanceRow,
  GrievanceTable,
} from './grievances.table.ts';

/** The desk (the organisation receiving public grievances), if one is set. */
export function findDesk(db: Db): Promise<GrievanceDeskRow | undefined> {
  return db.selectFrom('grievance_desk').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Sets the desk (one row). */
export async function upsertDesk(trx: Trx, row: GrievanceDeskRow): Promise<void> {
  await trx
    .insertInto('grievance_desk')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        organisation_id: row.organisation_id,
        first_response_days: row.first_response_days,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export function insertGrievance(trx: Trx, row: GrievanceTable): Promise<unknown> {
  return trx.insertInto('grievances').values(row).execute();
}

export function findGrievance(db: Db, id: string): Promise<GrievanceRow | undefined> {
  return db.selectFrom('grievances').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByTrackingHash(db: Db, hash: string): Promise<GrievanceRow | undefined> {
  return db.selectFrom('grievances').selectAll().where('tracking_hash', '=', hash).executeTakeFirst();
}

/** Changes a grievance when its version is still `version`; false when someone changed it meanwhile. */
export async function updateGrievanceVersioned(
  trx: Trx,
  id: string,
  version: number,
  changes: Partial<GrievanceTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('grievances')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function insertMessage(trx: Trx, row: GrievanceMessageTable): Promise<unknown> {
  return trx.insertInto('grievance_messages').values(row).execute();
}

export function messagesOf(db: Db, grievanceId: string): Promise<GrievanceMessageRow[]> {
  return db
    .selectFrom('grievance_messages')
    .selectAll()
    .where('grievance_id', '=', grievanceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function insertEvent(trx: Trx, row: GrievanceEventTable): Promise<unknown> {
  return trx.insertInto('grievance_events').values(row).execute();
}

export function eventsOf(db: Db, grievanceId: string) {
  return db
    .selectFrom('grievance_events')
    .selectAll()
    .where('grievance_id', '=', grievanceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Open grievances past a due date at `at` (isOverdue in SQL): no first response by its date, or not resolved by its. */
const overdue = (at: string) => (eb: ExpressionBuilder<DB, 'grievances'>) =>
  eb.and([
    eb('status', '!=', 'closed'),
    eb.or([
      eb.and([eb('first_responded_at', 'is', null), eb('first_response_due', '<', at)]),
      eb('resolution_due', '<', at),
    ]),
  ]);

/** Every organisation's grievances overdue at `at`, oldest first (the reminders job). */
export function overdueGrievances(db: Db, at: string): Promise<GrievanceRow[]> {
  return db.selectFrom('grievances').selectAll().where(overdue(at)).orderBy('received_at').orderBy('id').execute();
}

/** Filters of the officer list; `overdueAt` keeps only grievances past a due date at that instant. */
export type GrievanceFilter = {
  organisationId: string;
  status?: string | undefined;
  category?: string | undefined;
  recruiterId?: string | undefined;
  recruiter?: string | undefined;
  assignedTo?: string | undefined;
  overdueAt?: string | undefined;
  notOverdueAt?: string | undefined;
  after?: { at: string; id: string } | undefined;
  limit: number;
};

/** A page of the organisation's grievances, newest first. */
export function listGrievances(db: Db, f: GrievanceFilter): Promise<GrievanceRow[]> {
  let q = db.selectFrom('grievances').selectAll().where('organisation_id', '=', f.organisationId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.category) q = q.where('categories', 'like', `% ${f.category} %`);
  if (f.recruiterId) q = q.where('recruiter_id', '=', f.recruiterId);
  if (f.recruiter) {
    // a plain substring match; LIKE wildcards are dropped from the input (SQLite has no default escape character)
    const needle = `%${f.recruiter.toLowerCase().replace(/[\\%_]/g, '')}%`;
    q = q.where((eb) => eb(eb.fn('lower', ['recruiter_name']), 'like', eb.val(needle)));
  }
  if (f.assignedTo) q = q.where('assigned_to', '=', f.assignedTo);
  if (f.overdueAt) q = q.where(overdue(f.overdueAt));
  if (f.notOverdueAt) {
    const at = f.notOverdueAt;
    q = q.where((eb) => eb.not(overdue(at)(eb)));
  }
  if (f.after) {
    const { at, id } = f.after;
    q = q.where((eb) => eb.or([eb('received_at', '<', at), eb.and([eb('received_at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
