// SQL of crises, their areas, affected populations, consular focal points and evacuation requests.
import type { Db, Trx } from '../db/database.ts';
import type {
  ConsularFocalPointRow,
  CrisisPopulationRow,
  CrisisRow,
  CrisisTable,
  EvacuationRequestRow,
  EvacuationRequestTable,
} from './crises.table.ts';

export const findCrisis = (db: Db, id: string): Promise<CrisisRow | undefined> =>
  db.selectFrom('crises').selectAll().where('id', '=', id).executeTakeFirst();

export const findCrisisByCode = (db: Db, organisationId: string, code: string) =>
  db
    .selectFrom('crises')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('code', '=', code)
    .executeTakeFirst();

export type CrisisFilter = { status?: string; country?: string; level?: string };

/** Crises of an organisation, newest start first. */
export function listCrisisRows(db: Db, organisationId: string, f: CrisisFilter): Promise<CrisisRow[]> {
  let q = db.selectFrom('crises').selectAll().where('organisation_id', '=', organisationId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.level) q = q.where('emergency_level', '=', f.level);
  return q.orderBy('started_on', 'desc').orderBy('id').limit(500).execute();
}

export async function insertCrisis(trx: Trx, row: CrisisTable, areas: string[]): Promise<void> {
  await trx.insertInto('crises').values(row).execute();
  if (areas.length)
    await trx
      .insertInto('crisis_areas')
      .values(areas.map((pcode) => ({ crisis_id: row.id, pcode })))
      .execute();
}

/** Updates a crisis if it is still at `version` and replaces its areas. */
export async function updateCrisisRow(
  trx: Trx,
  id: string,
  version: number,
  fields: Partial<CrisisTable>,
  areas: string[],
): Promise<boolean> {
  const r = await trx
    .updateTable('crises')
    .set({ ...fields, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await trx.deleteFrom('crisis_areas').where('crisis_id', '=', id).execute();
  if (areas.length)
    await trx
      .insertInto('crisis_areas')
      .values(areas.map((pcode) => ({ crisis_id: id, pcode })))
      .execute();
  return true;
}

/** Areas (p-codes) of the given crises. */
export async function areasOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('crisis_areas').selectAll().where('crisis_id', 'in', ids).orderBy('pcode').execute();
  for (const r of rows) out.get(r.crisis_id)?.push(r.pcode);
  return out;
}

/** Population reports of a crisis, newest first. */
export const populationsOf = (db: Db, crisisId: string): Promise<CrisisPopulationRow[]> =>
  db
    .selectFrom('crisis_populations')
    .selectAll()
    .where('crisis_id', '=', crisisId)
    .orderBy('reported_on', 'desc')
    .orderBy('nationality')
    .orderBy('pcode')
    .limit(5000)
    .execute();

/** Population reports of the given crises (for their totals). */
export async function populationsOfMany(db: Db, ids: string[]): Promise<CrisisPopulationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('crisis_populations').selectAll().where('crisis_id', 'in', ids).execute();
}

export async function insertPopulation(trx: Trx, row: CrisisPopulationRow): Promise<void> {
  await trx.insertInto('crisis_populations').values(row).execute();
}

export const focalPointsOf = (db: Db, crisisId: string): Promise<ConsularFocalPointRow[]> =>
  db
    .selectFrom('consular_focal_points')
    .selectAll()
    .where('crisis_id', '=', crisisId)
    .orderBy('nationality')
    .orderBy('name')
    .execute();

export const findFocalPoint = (db: Db, id: string): Promise<ConsularFocalPointRow | undefined> =>
  db.selectFrom('consular_focal_points').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertFocalPoint(trx: Trx, row: ConsularFocalPointRow): Promise<void> {
  await trx.insertInto('consular_focal_points').values(row).execute();
}

export const findRequest = (db: Db, id: string): Promise<EvacuationRequestRow | undefined> =>
  db.selectFrom('evacuation_requests').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertRequest(trx: Trx, row: EvacuationRequestTable): Promise<void> {
  await trx.insertInto('evacuation_requests').values(row).execute();
}

/** Requests of a crisis, oldest first (the order they are worked in). */
export function requestsOf(db: Db, crisisId: string, f: { status?: string; nationality?: string }) {
  let q = db.selectFrom('evacuation_requests').selectAll().where('crisis_id', '=', crisisId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.nationality) q = q.where('nationality', '=', f.nationality);
  return q.orderBy('received_at').orderBy('id').limit(2000).execute();
}

/** Open requests (received or accepted) per crisis. */
export async function openRequestCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('evacuation_requests')
    .select(['crisis_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('crisis_id', 'in', ids)
    .where('status', 'in', ['received', 'accepted'])
    .groupBy('crisis_id')
    .execute();
  for (const r of rows) out.set(r.crisis_id, Number(r.n));
  return out;
}

/**
 * The request booked as this passenger goes back to `accepted` (no passenger), when the passenger leaves the manifest
 * (no-show, cancellation): the request is open again and can be booked on another movement.
 */
export async function reopenRequestOfPassenger(trx: Trx, passengerId: string, at: string): Promise<void> {
  await trx
    .updateTable('evacuation_requests')
    .set((eb) => ({ status: 'accepted', passenger_id: null, updated_at: at, version: eb('version', '+', 1) }))
    .where('passenger_id', '=', passengerId)
    .where('status', '=', 'booked')
    .execute();
}

/** Moves a request from `from` to new fields under its version; returns the row or undefined if it changed. */
export async function updateRequest(
  trx: Trx,
  id: string,
  from: string,
  fields: Partial<EvacuationRequestTable>,
): Promise<EvacuationRequestRow | undefined> {
  const r = await trx
    .updateTable('evacuation_requests')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return findRequest(trx, id);
}
