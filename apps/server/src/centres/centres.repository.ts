// SQL of centres and appointments. The seat counter is the one place capacity is enforced: takeSeat is a single
// conditional UPDATE, so concurrent bookings on either engine can never push `booked` past `capacity` (and the
// table's CHECK constraint refuses it even if a caller tried).
import type { Db, Trx } from '../db/database.ts';
import type {
  AppointmentRow,
  AppointmentStatusValue,
  AppointmentTable,
  CentreClosureRow,
  CentreRow,
  CentreServiceRow,
  CentreTable,
} from './centres.table.ts';

/** One centre by id. */
export const findCentre = (db: Db, id: string): Promise<CentreRow | undefined> =>
  db.selectFrom('centres').selectAll().where('id', '=', id).executeTakeFirst();

/** The centres of an organisation (all organisations when null), by name. */
export function centresOf(db: Db, organisationId: string | null): Promise<CentreRow[]> {
  let q = db.selectFrom('centres').selectAll();
  if (organisationId !== null) q = q.where('organisation_id', '=', organisationId);
  return q.orderBy('name').orderBy('id').limit(500).execute();
}

/** Active centres that take public bookings. */
export const publicCentres = (db: Db): Promise<CentreRow[]> =>
  db
    .selectFrom('centres')
    .selectAll()
    .where('active', '=', 1)
    .where('public_booking', '=', 1)
    .orderBy('country')
    .orderBy('name')
    .limit(1000)
    .execute();

/** The services of the given centres. */
export async function servicesOf(db: Db, centreIds: string[]): Promise<Map<string, CentreServiceRow[]>> {
  const out = new Map<string, CentreServiceRow[]>(centreIds.map((id) => [id, []]));
  if (centreIds.length === 0) return out;
  const rows = await db
    .selectFrom('centre_services')
    .selectAll()
    .where('centre_id', 'in', centreIds)
    .orderBy('service')
    .execute();
  for (const r of rows) out.get(r.centre_id)?.push(r);
  return out;
}

/** Inserts a centre. */
export async function insertCentre(trx: Trx, row: CentreTable): Promise<void> {
  await trx.insertInto('centres').values(row).execute();
}

/** Updates a centre if it is still at `version`; returns whether it was. */
export async function updateCentreRow(
  trx: Trx,
  id: string,
  version: number,
  fields: Partial<CentreTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('centres')
    .set({ ...fields, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replaces the services of a centre. */
export async function replaceServices(trx: Trx, centreId: string, rows: CentreServiceRow[]): Promise<void> {
  await trx.deleteFrom('centre_services').where('centre_id', '=', centreId).execute();
  if (rows.length) await trx.insertInto('centre_services').values(rows).execute();
}

/**
 * Sets the seats of future slots that already have a counter to the new seats per slot, never below the seats
 * already taken (those slots stay full; nobody is bumped).
 */
export async function resizeFutureSlots(
  trx: Trx,
  centreId: string,
  service: string,
  fromDay: string,
  seats: number,
): Promise<void> {
  await trx
    .updateTable('centre_slots')
    .set((eb) => ({
      capacity: eb.case().when('booked', '>', seats).then(eb.ref('booked')).else(seats).end(),
    }))
    .where('centre_id', '=', centreId)
    .where('service', '=', service)
    .where('day', '>=', fromDay)
    .execute();
}

/** A centre's closures, by day, from `fromDay` on when given. */
export const closuresOf = (db: Db, centreId: string, fromDay?: string): Promise<CentreClosureRow[]> => {
  let q = db.selectFrom('centre_closures').selectAll().where('centre_id', '=', centreId);
  if (fromDay) q = q.where('day', '>=', fromDay);
  return q.orderBy('day').limit(1000).execute();
};

/** How many appointments are still booked on each of these days of a centre (the days of its closures). */
export async function bookedOnDays(db: Db, centreId: string, days: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (days.length === 0) return out;
  const rows = await db
    .selectFrom('appointments')
    .select(['day', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('centre_id', '=', centreId)
    .where('status', '=', 'booked')
    .where('day', 'in', [...days])
    .groupBy('day')
    .execute();
  for (const r of rows) out.set(r.day, Number(r.n));
  return out;
}

/** The closure of a centre on a day, if it is closed. */
export const closureOn = (db: Db, centreId: string, day: string): Promise<CentreClosureRow | undefined> =>
  db
    .selectFrom('centre_closures')
    .selectAll()
    .where('centre_id', '=', centreId)
    .where('day', '=', day)
    .executeTakeFirst();

/** One closure by id. */
export const findClosure = (db: Db, id: string): Promise<CentreClosureRow | undefined> =>
  db.selectFrom('centre_closures').selectAll().where('id', '=', id).executeTakeFirst();

/** Inserts a closure. */
export async function insertClosure(trx: Trx, row: CentreClosureRow): Promise<void> {
  await trx.insertInto('centre_closures').values(row).execute();
}

/** Deletes a closure. */
export async function deleteClosure(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('centre_closures').where('id', '=', id).execute();
}

type SlotKey = { centreId: string; service: string; day: string; start: string };

/**
 * Takes one seat of a slot, creating its counter on first use. Returns false when the slot is full. The UPDATE's
 * WHERE booked < capacity is evaluated by the database against the latest committed row (PostgreSQL re-checks it
 * after waiting for a concurrent writer's row lock; SQLite has one writer at a time), so it is never read-then-write.
 */
export async function takeSeat(trx: Trx, k: SlotKey, capacity: number): Promise<boolean> {
  const take = async () => {
    const r = await trx
      .updateTable('centre_slots')
      .set((eb) => ({ booked: eb('booked', '+', 1) }))
      .where('centre_id', '=', k.centreId)
      .where('service', '=', k.service)
      .where('day', '=', k.day)
      .where('start_time', '=', k.start)
      .whereRef('booked', '<', 'capacity')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  };
  if (await take()) return true;
  // No seat taken: either the slot is full or its counter does not exist yet (first booking of the slot). Create
  // it if missing and try once more. When a concurrent booking created it first, PostgreSQL's ON CONFLICT waits for
  // that transaction to end, so the second attempt sees its committed counter.
  const exists = await trx
    .selectFrom('centre_slots')
    .select('booked')
    .where('centre_id', '=', k.centreId)
    .where('service', '=', k.service)
    .where('day', '=', k.day)
    .where('start_time', '=', k.start)
    .executeTakeFirst();
  if (!exists)
    await trx
      .insertInto('centre_slots')
      .values({ centre_id: k.centreId, service: k.service, day: k.day, start_time: k.start, capacity, booked: 0 })
      .onConflict((oc) => oc.columns(['centre_id', 'service', 'day', 'start_time']).doNothing())
      .execute();
  // A full slot is refused by this second conditional UPDATE too, without writing anything. (The counter may have
  // been committed by a concurrent first booking between the two statements: the second attempt then sees it.)
  return take();
}

/** Gives back one seat of a slot (cancellation, rescheduling). */
export async function freeSeat(trx: Trx, k: SlotKey): Promise<void> {
  await trx
    .updateTable('centre_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('centre_id', '=', k.centreId)
    .where('service', '=', k.service)
    .where('day', '=', k.day)
    .where('start_time', '=', k.start)
    .where('booked', '>', 0)
    .execute();
}

/** The seat counters of a centre's day. */
export const slotsOfDay = (db: Db, centreId: string, day: string) =>
  db.selectFrom('centre_slots').selectAll().where('centre_id', '=', centreId).where('day', '=', day).execute();

/** One appointment by id. */
export const findAppointment = (db: Db, id: string): Promise<AppointmentRow | undefined> =>
  db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();

/** The appointment a public booking code's hash names. */
export const appointmentByCode = (db: Db, codeHash: string): Promise<AppointmentRow | undefined> =>
  db.selectFrom('appointments').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();

/** The appointment holding a seat under this person-and-day key, if any. */
export const appointmentHolding = (db: Db, holdKey: string): Promise<AppointmentRow | undefined> =>
  db.selectFrom('appointments').selectAll().where('hold_key', '=', holdKey).executeTakeFirst();

/** Inserts an appointment. */
export async function insertAppointment(trx: Trx, row: AppointmentTable): Promise<void> {
  await trx.insertInto('appointments').values(row).execute();
}

/**
 * Moves an appointment from one status to the next if it is still in `from`; returns the updated row, or
 * undefined when another request changed it first.
 */
export async function transitionAppointment(
  trx: Trx,
  id: string,
  from: AppointmentStatusValue,
  fields: Partial<AppointmentTable>,
): Promise<AppointmentRow | undefined> {
  const r = await trx
    .updateTable('appointments')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return findAppointment(trx, id);
}

/** Appointments of a centre's day, by slot. */
export const appointmentsOfDay = (db: Db, centreId: string, day: string): Promise<AppointmentRow[]> =>
  db
    .selectFrom('appointments')
    .selectAll()
    .where('centre_id', '=', centreId)
    .where('day', '=', day)
    .orderBy('start_time')
    .orderBy('booked_at')
    .execute();

/** Counts of appointments per day and status in a date range. */
export async function statusCounts(db: Db, centreId: string, from: string, to: string) {
  const rows = await db
    .selectFrom('appointments')
    .select(['day', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('centre_id', '=', centreId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'status'])
    .execute();
  return rows.map((r) => ({ day: r.day, status: r.status, n: Number(r.n) }));
}

/**
 * Booked appointments starting in [from, to) whose reminder is not queued yet, except those on a day their centre
 * is closed: those people are to be rebooked (the closure's `toRebook`), not told to come. They stay unclaimed, so
 * reopening the day reminds them on the next run.
 */
export const remindersDue = (db: Db, from: string, to: string, limit: number): Promise<AppointmentRow[]> =>
  db
    .selectFrom('appointments')
    .selectAll('appointments')
    .where('status', '=', 'booked')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .where('reminder_queued_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('centre_closures')
            .select('centre_closures.id')
            .whereRef('centre_closures.centre_id', '=', 'appointments.centre_id')
            .whereRef('centre_closures.day', '=', 'appointments.day'),
        ),
      ),
    )
    .orderBy('starts_at')
    .limit(limit)
    .execute();
