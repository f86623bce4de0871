// SQL of movements, legs, passengers and reception hand-overs. Seats are taken and given back only here, with one
// conditional UPDATE over every leg of the movement (booked < capacity): the database decides, against the latest
// committed rows, whether each leg has a seat, so concurrent bookings on either engine never overbook a leg (and
// the table's CHECK refuses it even if a caller tried).
import type { Db, Trx } from '../db/database.ts';
import type {
  MovementLegRow,
  MovementLegTable,
  MovementPassengerRow,
  MovementPassengerTable,
  MovementReceptionRow,
  MovementReceptionTable,
  MovementRow,
  MovementTable,
} from './movements.table.ts';

/** One movement by id. */
export const findMovement = (db: Db, id: string): Promise<MovementRow | undefined> =>
  db.selectFrom('movements').selectAll().where('id', '=', id).executeTakeFirst();

/** A movement of the organisation by its reference. */
export const findMovementByReference = (db: Db, organisationId: string, reference: string) =>
  db
    .selectFrom('movements')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('reference', '=', reference)
    .executeTakeFirst();

export type MovementFilter = { type?: string; status?: string; crisisId?: string };

/** The movements of an organisation, newest first. */
export function listMovementRows(db: Db, organisationId: string, f: MovementFilter): Promise<MovementRow[]> {
  let q = db.selectFrom('movements').selectAll().where('organisation_id', '=', organisationId);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.crisisId) q = q.where('crisis_id', '=', f.crisisId);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
}

/** Inserts a movement and its legs. */
export async function insertMovement(trx: Trx, row: MovementTable, legs: MovementLegTable[]): Promise<void> {
  await trx.insertInto('movements').values(row).execute();
  if (legs.length) await trx.insertInto('movement_legs').values(legs).execute();
}

/** Updates a movement's status if it is still at `version`. */
export async function setMovementStatus(trx: Trx, id: string, version: number, status: string, at: string) {
  const r = await trx
    .updateTable('movements')
    .set({ status, updated_at: at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The legs of the given movements, in order. */
export async function legsOf(db: Db, movementIds: string[]): Promise<Map<string, MovementLegRow[]>> {
  const out = new Map<string, MovementLegRow[]>(movementIds.map((id) => [id, []]));
  if (movementIds.length === 0) return out;
  const rows = await db
    .selectFrom('movement_legs')
    .selectAll()
    .where('movement_id', 'in', movementIds)
    .orderBy('movement_id')
    .orderBy('seq')
    .execute();
  for (const r of rows) out.get(r.movement_id)?.push(r);
  return out;
}

/** One leg by id. */
export const findLeg = (db: Db, id: string): Promise<MovementLegRow | undefined> =>
  db.selectFrom('movement_legs').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Changes a leg if it is still at `version` and its seats booked fit the new capacity, in one conditional UPDATE
 * (so a booking committed meanwhile is counted); false when either condition failed.
 */
export async function updateLeg(
  trx: Trx,
  id: string,
  version: number,
  changes: Partial<Omit<MovementLegTable, 'id' | 'movement_id' | 'organisation_id' | 'seq' | 'booked' | 'version'>>,
  capacity: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('movement_legs')
    .set({ ...changes, capacity, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('booked', '<=', capacity)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Inserts one leg. */
export async function insertLeg(trx: Trx, row: MovementLegTable): Promise<void> {
  await trx.insertInto('movement_legs').values(row).execute();
}

/** Passenger counts per movement and status. */
export async function statusCountsOf(db: Db, movementIds: string[]) {
  if (movementIds.length === 0) return [];
  const rows = await db
    .selectFrom('movement_passengers')
    .select(['movement_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('movement_id', 'in', movementIds)
    .groupBy(['movement_id', 'status'])
    .execute();
  return rows.map((r) => ({ movementId: r.movement_id, status: r.status, n: Number(r.n) }));
}

/**
 * Takes one seat on every leg of the movement in a single conditional UPDATE; returns how many legs gave one.
 * When that is fewer than the legs, a leg is full and the caller must fail its transaction (which gives back the
 * seats taken on the other legs).
 */
export async function takeSeats(trx: Trx, movementId: string): Promise<number> {
  const r = await trx
    .updateTable('movement_legs')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('movement_id', '=', movementId)
    .whereRef('booked', '<', 'capacity')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Gives back one seat on every leg (cancellation, no-show). */
export async function freeSeats(trx: Trx, movementId: string): Promise<void> {
  await trx
    .updateTable('movement_legs')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('movement_id', '=', movementId)
    .where('booked', '>', 0)
    .execute();
}

/** The number of legs of a movement. */
export async function legCount(db: Db, movementId: string): Promise<number> {
  const r = await db
    .selectFrom('movement_legs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('movement_id', '=', movementId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Passengers holding seats on a movement now. */
export async function seatHolders(db: Db, movementId: string): Promise<number> {
  const r = await db
    .selectFrom('movement_passengers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('movement_id', '=', movementId)
    .where('status', 'in', ['booked', 'checked_in'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Passengers who will travel on a leg added now: those holding seats and those departed, still on their way. */
export async function travellers(db: Db, movementId: string): Promise<number> {
  const r = await db
    .selectFrom('movement_passengers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('movement_id', '=', movementId)
    .where('status', 'in', ['booked', 'checked_in', 'departed'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Passengers of a movement who have departed or arrived. */
export async function departedCount(db: Db, movementId: string): Promise<number> {
  const r = await db
    .selectFrom('movement_passengers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('movement_id', '=', movementId)
    .where('status', 'in', ['departed', 'arrived'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One passenger by id. */
export const findPassenger = (db: Db, id: string): Promise<MovementPassengerRow | undefined> =>
  db.selectFrom('movement_passengers').selectAll().where('id', '=', id).executeTakeFirst();

/** The passenger holding seats under this key, if any. */
export const passengerHolding = (db: Db, holdKey: string) =>
  db.selectFrom('movement_passengers').select('id').where('hold_key', '=', holdKey).executeTakeFirst();

/** Inserts a passenger. */
export async function insertPassenger(trx: Trx, row: MovementPassengerTable): Promise<void> {
  await trx.insertInto('movement_passengers').values(row).execute();
}

/**
 * Moves a passenger to the next status if it is still in `from` (and at `version` when given); returns the
 * updated row, or undefined when another request changed it first.
 */
export async function updatePassenger(
  trx: Trx,
  id: string,
  guard: { status?: string; version?: number },
  fields: Partial<MovementPassengerTable>,
): Promise<MovementPassengerRow | undefined> {
  let q = trx
    .updateTable('movement_passengers')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (guard.status !== undefined) q = q.where('status', '=', guard.status);
  if (guard.version !== undefined) q = q.where('version', '=', guard.version);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return findPassenger(trx, id);
}

/** The passengers of a movement, in booking order. */
export function passengersOf(db: Db, movementId: string, status?: string): Promise<MovementPassengerRow[]> {
  let q = db.selectFrom('movement_passengers').selectAll().where('movement_id', '=', movementId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('booked_at').orderBy('id').limit(10_000).execute();
}

/** Reception hand-overs of the given passengers. */
export async function receptionsOfPassengers(db: Db, passengerIds: string[]) {
  const out = new Map<string, MovementReceptionRow>();
  for (let i = 0; i < passengerIds.length; i += 500) {
    const chunk = passengerIds.slice(i, i + 500);
    const rows = await db.selectFrom('movement_receptions').selectAll().where('passenger_id', 'in', chunk).execute();
    for (const r of rows) out.set(r.passenger_id, r);
  }
  return out;
}

/** Inserts a reception hand-over. */
export async function insertReception(trx: Trx, row: MovementReceptionTable): Promise<void> {
  await trx.insertInto('movement_receptions').values(row).execute();
}

/** One reception hand-over by id. */
export const findReception = (db: Db, id: string): Promise<MovementReceptionRow | undefined> =>
  db.selectFrom('movement_receptions').selectAll().where('id', '=', id).executeTakeFirst();

/** The hand-overs addressed to a partner organisation, newest first. */
export function receptionsFor(db: Db, partnerId: string, status?: string) {
  let q = db
    .selectFrom('movement_receptions')
    .innerJoin('movements', 'movements.id', 'movement_receptions.movement_id')
    .selectAll('movement_receptions')
    .select(['movements.reference as movement_reference', 'movements.type as movement_type'])
    .where('movement_receptions.partner_organisation_id', '=', partnerId);
  if (status) q = q.where('movement_receptions.status', '=', status);
  return q.orderBy('movement_receptions.sent_at', 'desc').limit(1000).execute();
}

/** Marks a hand-over received if it still is `sent`. */
export async function markReceived(trx: Trx, id: string, by: string, at: string): Promise<boolean> {
  const r = await trx
    .updateTable('movement_receptions')
    .set({ status: 'received', received_by: by, received_at: at })
    .where('id', '=', id)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Arrivals of an organisation in [fromIso, toIso) by movement type, read from the covering index
 * (organisation_id, arrived_at, movement_type). Dialect-neutral: the caller asks month by month.
 */
export async function arrivalsBetween(db: Db, organisationId: string, fromIso: string, toIso: string) {
  const rows = await db
    .selectFrom('movement_passengers')
    .select(['movement_type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisation_id', '=', organisationId)
    .where('arrived_at', '>=', fromIso)
    .where('arrived_at', '<', toIso)
    .groupBy('movement_type')
    .execute();
  return rows.map((r) => ({ type: r.movement_type, n: Number(r.n) }));
}

/** Adds one to a month's count of arrivals, no-shows or cancellations (creating the row on first use). */
export async function bumpFigure(
  trx: Trx,
  key: { organisationId: string; month: string; type: string },
  column: 'arrived' | 'no_show' | 'cancelled',
): Promise<void> {
  await trx
    .insertInto('movement_figures')
    .values({
      organisation_id: key.organisationId,
      month: key.month,
      movement_type: key.type,
      arrived: column === 'arrived' ? 1 : 0,
      no_show: column === 'no_show' ? 1 : 0,
      cancelled: column === 'cancelled' ? 1 : 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'month', 'movement_type'])
        .doUpdateSet((eb) => ({ [column]: eb(eb.ref(`movement_figures.${column}`), '+', 1) })),
    )
    .execute();
}

/** The kept counts of an organisation for whole months in [fromMonth, toMonth]. */
export const figuresOfMonths = (db: Db, organisationId: string, fromMonth: string, toMonth: string) =>
  db
    .selectFrom('movement_figures')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .execute();

/** No-shows and cancellations recorded in [fromIso, toIso) (a part of a month; whole months use the counts). */
export async function lostRecordedBetween(db: Db, organisationId: string, fromIso: string, toIso: string) {
  const count = async (status: 'no_show' | 'cancelled', column: 'no_show_at' | 'cancelled_at') =>
    Number(
      (
        await db
          .selectFrom('movement_passengers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', organisationId)
          .where('status', '=', status)
          .where(column, '>=', fromIso)
          .where(column, '<', toIso)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { noShows: await count('no_show', 'no_show_at'), cancelled: await count('cancelled', 'cancelled_at') };
}
