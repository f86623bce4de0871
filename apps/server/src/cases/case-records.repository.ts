// SQL of the records kept on a case: assessments, plan items, services delivered, notes and tasks.
import type { CompiledQuery } from 'kysely';
import { insertMany } from '../db/bulk-insert.ts';
import type { Db, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { readableCases } from './case-access.ts';
import type {
  CaseAssessmentTable,
  CaseNoteTable,
  CasePlanItemTable,
  CaseServiceTable,
  CaseTaskTable,
} from './cases.table.ts';

export async function insertAssessment(trx: Trx, row: CaseAssessmentTable): Promise<void> {
  await trx.insertInto('case_assessments').values(row).execute();
}

export function listAssessments(db: Db, caseId: string) {
  return db
    .selectFrom('case_assessments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export async function insertPlanItem(trx: Trx, row: CasePlanItemTable): Promise<void> {
  await trx.insertInto('case_plan_items').values(row).execute();
}

export function findPlanItem(db: Db, caseId: string, id: string) {
  return db
    .selectFrom('case_plan_items')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Updates a plan item still at `version` (and moves it on); false when someone changed it first. */
export async function updatePlanItem(
  trx: Trx,
  id: string,
  version: number,
  changes: Partial<Pick<CasePlanItemTable, 'description' | 'status'>>,
): Promise<boolean> {
  const r = await trx
    .updateTable('case_plan_items')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listPlanItems(db: Db, caseId: string) {
  return db
    .selectFrom('case_plan_items')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertService(trx: Trx, row: CaseServiceTable): Promise<void> {
  await trx.executeQuery(insertServiceQuery(trx, row));
}

/** The statement insertService runs (for a caller that sends it with the evidence cells' upsert). */
export function insertServiceQuery(trx: Trx, row: CaseServiceTable): CompiledQuery {
  return trx.insertInto('case_services').values(row).compile();
}

const SERVICE_COLUMNS = [
  'id',
  'case_id',
  'organisation_id',
  'plan_item_id',
  'referral_id',
  'service_type',
  'delivered_on',
  'provider_organisation_id',
  'value_minor',
  'currency',
  'description',
  'recorded_by',
  'recorded_at',
] as const satisfies readonly (keyof CaseServiceTable)[];

/** Many services in multi-row inserts (the bulk import's path; the same rows as insertService). */
export async function insertServices(trx: Trx, rows: readonly CaseServiceTable[]): Promise<void> {
  await insertMany(trx, 'case_services', SERVICE_COLUMNS, rows, 1000);
}

export function listServices(db: Db, caseId: string) {
  return db
    .selectFrom('case_services')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('delivered_on')
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export function servicesOfReferral(db: Db, referralId: string) {
  return db
    .selectFrom('case_services')
    .selectAll()
    .where('referral_id', '=', referralId)
    .orderBy('delivered_on')
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export async function insertNote(trx: Trx, row: CaseNoteTable): Promise<void> {
  await trx.insertInto('case_notes').values(row).execute();
}

export function listNotes(db: Db, caseId: string) {
  return db
    .selectFrom('case_notes')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertTask(trx: Trx, row: CaseTaskTable): Promise<void> {
  await trx.insertInto('case_tasks').values(row).execute();
}

export function findTask(db: Db, caseId: string, id: string) {
  return db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

/** Marks a task done once; false when it already was. */
export async function completeTask(trx: Trx, id: string, now: string): Promise<boolean> {
  const r = await trx
    .updateTable('case_tasks')
    .set({ done_at: now })
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listTasks(db: Db, caseId: string) {
  return db
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('due_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Open tasks due before `today` on cases of the caller's organisation they may read, oldest due first, with
 * the case's reference, type and sensitivity.
 */
export function overdueTasks(db: Db, p: Principal, today: string, assignedTo: string | undefined, limit: number) {
  let q = db
    .selectFrom('case_tasks')
    .innerJoin('cases', 'cases.id', 'case_tasks.case_id')
    .selectAll('case_tasks')
    .select(['cases.reference as case_reference', 'cases.type as case_type', 'cases.sensitive as case_sensitive'])
    .where('case_tasks.organisation_id', '=', p.organisationId)
    .where('case_tasks.done_at', 'is', null)
    .where('case_tasks.due_on', '<', today)
    .where(readableCases(p));
  if (assignedTo) q = q.where('case_tasks.assigned_to', '=', assignedTo);
  return q.orderBy('case_tasks.due_on').orderBy('case_tasks.id').limit(limit).execute();
}
