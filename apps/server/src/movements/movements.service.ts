// Use cases of movements: create an operation with its legs, book passengers (never past a leg's capacity, never
// an unaccompanied or separated child without a completed best-interest assessment), take each passenger through
// the status machine, and hand passengers over to the receiving partner with only the data it needs.
import { randomUUID } from 'node:crypto';
import type {
  BookPassenger,
  CreateLeg,
  CreateMovement,
  PassengerStatus,
  PassengerStep,
  ReceptionHandover,
  UpdatePassengerTravel,
} from '@corridor/contracts';
import { findBeneficiariesIn } from '../beneficiaries/beneficiaries.repository.ts';
import { codesOf, getBeneficiary, restrictedAmong, restrictedOf } from '../beneficiaries/beneficiaries.service.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import { getWorkableCase } from '../cases/cases.service.ts';
import { childAwaitsBestInterest, hasOpenChildCase } from '../cases/child-travel.ts';
import { requireBasis } from '../consent/consent.service.ts';
import { reopenRequestOfPassenger } from '../crises/crises.repository.ts';
import { getCrisis } from '../crises/crises.service.ts';
import type { Db, Trx } from '../db/database.ts';
import {
  type CheckRule,
  conflict,
  DomainError,
  invalidField,
  invalidFields,
  notFound,
  type ValidationIssue,
} from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisation } from '../identity/identity.repository.ts';
import * as repo from './movements.repository.ts';
import type { MovementLegRow, MovementLegTable, MovementPassengerRow, MovementRow } from './movements.table.ts';
import { allowed, holdsSeat, releasesSeat, STAMP, STEPS } from './passenger-status.ts';

/** A movement of the caller's organisation; 404 otherwise, exactly as for one that does not exist. */
export async function getMovement(db: Db, p: Principal, id: string): Promise<MovementRow> {
  const m = await repo.findMovement(db, id);
  if (!m || m.organisation_id !== p.organisationId) throw notFound('movement');
  return m;
}

const legRow = (m: { id: string; organisation_id: string }, seq: number, l: CreateLeg, booked: number, at: string) =>
  ({
    id: randomUUID(),
    movement_id: m.id,
    organisation_id: m.organisation_id,
    seq,
    mode: l.mode,
    carrier: l.carrier,
    service_number: l.serviceNumber,
    from_place: l.fromPlace,
    from_country: l.fromCountry,
    to_place: l.toPlace,
    to_country: l.toCountry,
    departs_at: new Date(l.departsAt).toISOString(),
    arrives_at: new Date(l.arrivesAt).toISOString(),
    capacity: l.capacity,
    booked,
    created_at: at,
    updated_at: at,
    version: 1,
  }) satisfies MovementLegTable;

const custom = (pointer: string, message: string, rule: CheckRule): ValidationIssue => ({
  location: 'body',
  pointer,
  message,
  code: 'custom',
  params: { rule },
});

/**
 * The checks of a new movement that the contract cannot make: an evacuation names its crisis, every leg departs in the
 * future and after the previous one arrives, the first leg leaves from the movement's origin country and the last one
 * arrives in its destination country. Run on the parsed body by createMovement and on the raw body when the contract
 * refused it (route.ts checksWhenRefused), so that a form hears of every problem at once; values of the wrong shape
 * are the contract's to report.
 */
export function movementChecks(body: unknown, now: Date): ValidationIssue[] {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: ValidationIssue[] = [];
  if (b.type === 'evacuation' && (b.crisisId === null || b.crisisId === undefined))
    out.push(custom('/crisisId', 'required for an evacuation', 'required'));
  const legs = Array.isArray(b.legs) ? (b.legs as unknown[]) : [];
  const field = (l: unknown, k: string) => (l && typeof l === 'object' ? (l as Record<string, unknown>)[k] : undefined);
  const time = (l: unknown, k: string) => {
    const v = field(l, k);
    return typeof v === 'string' ? Date.parse(v) : Number.NaN;
  };
  legs.forEach((l, i) => {
    const departs = time(l, 'departsAt');
    if (departs <= now.getTime()) out.push(custom(`/legs/${i}/departsAt`, 'must be in the future', 'in_future'));
    if (i > 0 && departs < time(legs[i - 1], 'arrivesAt'))
      out.push(custom(`/legs/${i}/departsAt`, 'must not be before the previous leg arrives', 'leg_order'));
  });
  const origin = b.originCountry;
  const destination = b.destinationCountry;
  const first = field(legs[0], 'fromCountry');
  const last = field(legs.at(-1), 'toCountry');
  if (typeof origin === 'string' && typeof first === 'string' && first !== origin)
    out.push(custom('/legs/0/fromCountry', 'must be the movement’s origin country', 'leg_country'));
  if (typeof destination === 'string' && typeof last === 'string' && last !== destination)
    out.push(custom(`/legs/${legs.length - 1}/toCountry`, 'must be the movement’s destination country', 'leg_country'));
  return out;
}

/**
 * Creates a movement with its legs (legs in the future and in travel order, from the origin country to the
 * destination country: movementChecks).
 */
export async function createMovement(trx: Trx, p: Principal, input: CreateMovement, now: Date): Promise<MovementRow> {
  if (input.crisisId !== null)
    await getCrisis(trx, p, input.crisisId).catch(() => {
      throw new DomainError('invalid_reference', 'The crisis does not exist.');
    });
  if (input.receptionOrganisationId !== null) {
    const org = await findOrganisation(trx, input.receptionOrganisationId);
    if (!org || org.id === p.organisationId)
      throw new DomainError('invalid_reference', 'The reception partner is not another organisation on Corridor.');
  }
  const issues = movementChecks(input, now);
  if (issues.length) throw invalidFields(issues);
  if (await repo.findMovementByReference(trx, p.organisationId, input.reference))
    throw conflict('A movement with this reference already exists.');
  const at = now.toISOString();
  const row: MovementRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    crisis_id: input.crisisId,
    type: input.type,
    reference: input.reference,
    origin_country: input.originCountry,
    destination_country: input.destinationCountry,
    status: 'planned',
    reception_organisation_id: input.receptionOrganisationId,
    created_by: p.userId,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  await repo.insertMovement(
    trx,
    row,
    input.legs.map((l, i) => legRow(row, i + 1, l, 0, at)),
  );
  return row;
}

/**
 * Adds a leg at the end of a movement: it departs in the future, after the last leg arrives, and arrives in the
 * movement's destination country (it becomes the last leg). Its seats start taken by every passenger who will travel
 * on it: those booked or checked in, and those who departed and are still on their way (departed passengers travel on
 * every later leg).
 */
export async function addLeg(trx: Trx, p: Principal, id: string, leg: CreateLeg, now: Date): Promise<MovementLegRow> {
  const m = await getMovement(trx, p, id);
  if (m.status === 'completed' || m.status === 'cancelled')
    throw new DomainError('invalid_transition', 'The movement is over.');
  const legs = (await repo.legsOf(trx, [m.id])).get(m.id) ?? [];
  const last = legs.at(-1);
  const issues: ValidationIssue[] = [];
  if (Date.parse(leg.departsAt) <= now.getTime())
    issues.push(custom('/departsAt', 'must be in the future', 'in_future'));
  if (last && Date.parse(leg.departsAt) < Date.parse(last.arrives_at))
    issues.push(custom('/departsAt', 'must not be before the previous leg arrives', 'leg_order'));
  if (leg.toCountry !== m.destination_country)
    issues.push(custom('/toCountry', 'must be the movement’s destination country', 'leg_country'));
  if (issues.length) throw invalidFields(issues);
  const holders = await repo.travellers(trx, m.id);
  if (holders > leg.capacity) throw invalidField('/capacity', 'is below the passengers already booked');
  const row = legRow(m, (last?.seq ?? 0) + 1, leg, holders, now.toISOString());
  await repo.insertLeg(trx, row);
  return row;
}

const MOVEMENT_STEPS: Record<string, readonly string[]> = {
  in_progress: ['planned'],
  completed: ['in_progress'],
  cancelled: ['planned', 'in_progress'],
};

/** Moves a movement to in_progress, completed or cancelled (a cancelled one must hold no passengers). */
export async function changeMovementStatus(
  trx: Trx,
  p: Principal,
  id: string,
  status: 'in_progress' | 'completed' | 'cancelled',
  now: Date,
): Promise<MovementRow> {
  const m = await getMovement(trx, p, id);
  if (!MOVEMENT_STEPS[status]?.includes(m.status))
    throw new DomainError('invalid_transition', 'The movement cannot move to this status from its current one.');
  if (status !== 'in_progress' && (await repo.seatHolders(trx, m.id)) > 0)
    throw new DomainError(
      'invalid_transition',
      'Passengers are still booked or checked in: record their departure, no-show or cancellation first.',
    );
  if (!(await repo.setMovementStatus(trx, m.id, m.version, status, now.toISOString())))
    throw new DomainError('precondition_failed', 'The movement changed meanwhile; read it again.');
  return (await repo.findMovement(trx, m.id))!;
}

/**
 * Books a person of the registry on every leg of an open movement. Refused with best_interest_required for an
 * unaccompanied or separated child whose child case has no completed best-interest assessment, with conflict when
 * the person is already on the movement, and with leg_full when any leg has no seat left (nothing is then booked).
 */
export async function bookPassenger(
  trx: Trx,
  p: Principal,
  movementId: string,
  input: BookPassenger,
  now: Date,
): Promise<MovementPassengerRow> {
  const m = await getMovement(trx, p, movementId);
  if (m.status !== 'planned' && m.status !== 'in_progress')
    throw new DomainError('invalid_transition', 'The movement takes no more bookings.');
  // A passenger is booked on every leg: once the first one has left, nobody new can take it.
  const first = (await repo.legsOf(trx, [m.id])).get(m.id)?.[0];
  if (first && Date.parse(first.departs_at) <= now.getTime())
    throw new DomainError('invalid_transition', 'The movement’s first leg has departed: it takes no more bookings.');
  const b = await getBeneficiary(trx, p, input.beneficiaryId).catch(() => {
    throw new DomainError('invalid_reference', 'The person does not exist.');
  });
  if (input.caseId !== null) {
    const c = await getWorkableCase(trx, p, input.caseId).catch(() => {
      throw new DomainError('invalid_reference', 'The case does not exist.');
    });
    if (c.beneficiary_id !== b.id) throw invalidField('/caseId', 'is not a case of this person');
  }
  if (await childAwaitsBestInterest(trx, p.organisationId, b.id))
    throw new DomainError(
      'best_interest_required',
      'An unaccompanied or separated child is booked only once the best-interest assessment is completed.',
    );
  const holdKey = `${m.id}:${b.id}`;
  if (await repo.passengerHolding(trx, holdKey)) throw conflict('The person is already booked on this movement.');
  const legs = await repo.legCount(trx, m.id);
  if ((await repo.takeSeats(trx, m.id)) < legs)
    throw new DomainError('leg_full', 'A leg of the movement has no free seat.');
  const row: MovementPassengerRow = {
    id: randomUUID(),
    movement_id: m.id,
    organisation_id: m.organisation_id,
    movement_type: m.type,
    beneficiary_id: b.id,
    case_id: input.caseId,
    status: 'booked',
    fit_to_travel: input.fitToTravel,
    medical_escort: input.medicalEscort ? 1 : 0,
    document_type: input.document?.type ?? null,
    document_number: input.document?.number ?? null,
    document_expires_on: input.document?.expiresOn ?? null,
    hold_key: holdKey,
    booked_by: p.userId,
    booked_at: now.toISOString(),
    checked_in_at: null,
    departed_at: null,
    arrived_at: null,
    no_show_at: null,
    cancelled_at: null,
    version: 1,
  };
  await repo.insertPassenger(trx, row);
  return row;
}

/** A passenger of one of the caller's organisation's movements; 404 otherwise. */
export async function getPassenger(db: Db, p: Principal, id: string): Promise<MovementPassengerRow> {
  const x = await repo.findPassenger(db, id);
  if (!x || x.organisation_id !== p.organisationId) throw notFound('passenger');
  return x;
}

/**
 * Replaces fit-to-travel, medical escort and travel document of a passenger not yet departed (If-Match). A change
 * recorded after check-in that the check-in would refuse (travelBlocker: found unfit, the document withdrawn or
 * expiring) is taken, since it is what is now true, and sends the passenger back to `booked`: they keep their seats,
 * cannot depart, and are checked in again once cleared.
 */
export async function updateTravel(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  input: UpdatePassengerTravel,
): Promise<MovementPassengerRow> {
  const x = await getPassenger(trx, p, id);
  if (!holdsSeat(x.status as PassengerStatus))
    throw new DomainError('invalid_transition', 'The passenger has already travelled or left the manifest.');
  const fields: Partial<MovementPassengerRow> = {
    fit_to_travel: input.fitToTravel,
    medical_escort: input.medicalEscort ? 1 : 0,
    document_type: input.document?.type ?? null,
    document_number: input.document?.number ?? null,
    document_expires_on: input.document?.expiresOn ?? null,
  };
  if (x.status === 'checked_in') {
    const legs = (await repo.legsOf(trx, [x.movement_id])).get(x.movement_id) ?? [];
    if (travelBlocker({ ...x, ...fields }, legs[0]?.departs_at)) Object.assign(fields, UNDO_CHECK_IN);
  }
  const next = await repo.updatePassenger(trx, x.id, { version }, fields);
  if (!next) throw new DomainError('precondition_failed', 'The passenger changed since you read it.');
  return next;
}

/** A checked-in passenger sent back to booked (updateTravel). */
const UNDO_CHECK_IN = { status: 'booked', checked_in_at: null } as const;

/**
 * Why a passenger may not check in (nor depart), or null when they may. Every accepted travel document (passport,
 * laissez-passer, emergency or refugee travel document, visa) carries an expiry date, so one recorded without it is
 * not enough: the check could not tell an expired document from a valid one.
 */
export function travelBlocker(x: MovementPassengerRow, firstDeparture: string | undefined): string | null {
  if (x.fit_to_travel === 'fit_with_escort' && x.medical_escort !== 1)
    return 'Fit to travel only with a medical escort, and none is arranged.';
  if (x.fit_to_travel !== 'fit' && x.fit_to_travel !== 'fit_with_escort') return 'Fit-to-travel is not confirmed.';
  if (!x.document_type) return 'No travel document is recorded.';
  if (!x.document_expires_on) return 'The travel document’s expiry date is not recorded.';
  if (firstDeparture && x.document_expires_on < firstDeparture.slice(0, 10))
    return 'The travel document expires before departure.';
  return null;
}

/**
 * How long before a leg's scheduled departure its departure may be recorded (a service brought forward by some hours
 * still counts; one recorded days ahead is a mistake). A leg that really leaves earlier is changed first.
 */
export const EARLY_DEPARTURE_MS = 12 * 3_600_000;

/** Takes one step of the passenger state machine; no-show and cancellation give the seats back. */
export async function stepPassenger(
  trx: Trx,
  p: Principal,
  id: string,
  step: PassengerStep,
  now: Date,
): Promise<MovementPassengerRow> {
  const x = await getPassenger(trx, p, id);
  return applyStep(trx, x, step, now);
}

/** The steps the movement figures count (movement_figures), by the column they add to. */
const FIGURE_OF_STEP: Partial<Record<PassengerStep, 'arrived' | 'no_show' | 'cancelled'>> = {
  arrive: 'arrived',
  no_show: 'no_show',
  cancel: 'cancelled',
};

/** The state-machine step on a passenger row already authorised (also used by the reception's arrival). */
export async function applyStep(
  trx: Trx,
  x: MovementPassengerRow,
  step: PassengerStep,
  now: Date,
): Promise<MovementPassengerRow> {
  if (!allowed(x.status as PassengerStatus, step))
    throw new DomainError('invalid_transition', `A ${x.status} passenger cannot take this step.`);
  if (step === 'depart' || step === 'arrive') {
    // People travel only on a movement under way: a departure or an arrival recorded on a movement still planned (or
    // called off) would count people as moved who have not left, in the movement figures among others. A passenger
    // who departed may still be marked arrived once the movement is completed.
    const m = await repo.findMovement(trx, x.movement_id);
    const open = m?.status === 'in_progress' || (step === 'arrive' && m?.status === 'completed');
    if (!open)
      throw new DomainError(
        'movement_not_under_way',
        m?.status === 'planned'
          ? 'The movement has not started: start it before passengers depart or arrive.'
          : 'The movement is not under way.',
      );
    // A departure is recorded from shortly before the first leg's scheduled departure, an arrival from shortly before
    // the last leg's: one recorded weeks ahead would count people as moved who are still waiting.
    const legs = (await repo.legsOf(trx, [x.movement_id])).get(x.movement_id) ?? [];
    const leg = step === 'depart' ? legs[0] : legs.at(-1);
    if (leg && now.getTime() < Date.parse(leg.departs_at) - EARLY_DEPARTURE_MS)
      throw new DomainError(
        'movement_not_under_way',
        step === 'depart'
          ? 'The first leg has not left yet: record the departure when it does (or change the leg’s time first).'
          : 'The last leg has not left yet: record the arrival when it does (or change the leg’s time first).',
      );
  }
  if (step === 'check_in' || step === 'depart') {
    // Depart checks again what check-in checked, in case it was not so at check-in (records made before these checks).
    const legs = (await repo.legsOf(trx, [x.movement_id])).get(x.movement_id) ?? [];
    const why = travelBlocker(x, legs[0]?.departs_at);
    if (why) throw new DomainError('not_ready_to_travel', why);
  }
  const fields: Record<string, unknown> = { status: STEPS[step].to, [STAMP[step]]: now.toISOString() };
  if (releasesSeat(step)) fields.hold_key = null;
  const next = await repo.updatePassenger(trx, x.id, { status: x.status }, fields);
  if (!next) throw new DomainError('precondition_failed', 'The passenger changed meanwhile; read it again.');
  if (releasesSeat(step)) {
    await repo.freeSeats(trx, x.movement_id);
    // The evacuation request this booking answered is open again (accepted), to be booked on another movement.
    await reopenRequestOfPassenger(trx, x.id, now.toISOString());
  }
  const counted = FIGURE_OF_STEP[step];
  if (counted)
    await repo.bumpFigure(
      trx,
      { organisationId: x.organisation_id, month: now.toISOString().slice(0, 7), type: x.movement_type },
      counted,
    );
  return next;
}

/** Registry records of passengers, by id (one query per 1,000). */
export async function peopleOf(db: Db, organisationId: string, ids: string[]): Promise<Map<string, BeneficiaryRow>> {
  const out = new Map<string, BeneficiaryRow>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000)
    for (const b of await findBeneficiariesIn(db, organisationId, unique.slice(i, i + 1000))) out.set(b.id, b);
  return out;
}

/** The hand-over of one passenger to the receiving partner: only what is needed to meet and assist them. */
export function handoverOf(
  x: MovementPassengerRow,
  b: BeneficiaryRow,
  arrivalLeg: MovementLegRow,
  unaccompaniedChild: boolean,
): ReceptionHandover {
  const year = b.date_of_birth ? Number(b.date_of_birth.slice(0, 4)) : Number.NaN;
  return {
    nameLatin: b.name_latin,
    sex: b.sex,
    yearOfBirth: Number.isInteger(year) ? year : null,
    nationality: codesOf(b.citizenships)[0] ?? null,
    languages: codesOf(b.languages),
    medicalEscort: x.medical_escort === 1,
    unaccompaniedChild,
    arrival: {
      carrier: arrivalLeg.carrier,
      serviceNumber: arrivalLeg.service_number,
      toPlace: arrivalLeg.to_place,
      arrivesAt: arrivalLeg.arrives_at,
    },
  };
}

/** The passenger statuses from which a hand-over may be sent. */
const HANDED_OVER_FROM: readonly string[] = ['booked', 'checked_in', 'departed', 'arrived'];

/**
 * Sends a passenger's hand-over to the movement's reception partner. Needs a basis for sharing with that partner
 * (the consent ledger's `referral` purpose for that recipient), as a referral does. A passenger already marked
 * arrived (the escort confirmed it) may still be handed over: the partner then takes over their assistance.
 */
export async function sendReception(trx: Trx, p: Principal, passengerId: string, now: Date) {
  const x = await getPassenger(trx, p, passengerId);
  const m = (await repo.findMovement(trx, x.movement_id))!;
  if (!m.reception_organisation_id)
    throw new DomainError('invalid_transition', 'The movement has no reception partner.');
  if (!HANDED_OVER_FROM.includes(x.status))
    throw new DomainError('invalid_transition', 'The passenger is not travelling or arrived (no-show or cancelled).');
  if ((await repo.receptionsOfPassengers(trx, [x.id])).has(x.id))
    throw conflict('The passenger has already been handed over.');
  await requireBasis(
    trx,
    { beneficiaryId: x.beneficiary_id, purpose: 'referral', recipientOrganisationId: m.reception_organisation_id },
    now,
  );
  // Handing a restricted person's data to a partner is for staff on their sensitive case.
  if ((await restrictedAmong(trx, p, [x.beneficiary_id])).hidden.size > 0)
    throw new DomainError(
      'forbidden',
      'The passenger is restricted (a sensitive case): only staff on that case may hand them over.',
    );
  const b = (await peopleOf(trx, p.organisationId, [x.beneficiary_id])).get(x.beneficiary_id)!;
  const legs = (await repo.legsOf(trx, [m.id])).get(m.id) ?? [];
  const uasc = await hasOpenChildCase(trx, p.organisationId, b.id);
  const row = {
    id: randomUUID(),
    movement_id: m.id,
    passenger_id: x.id,
    organisation_id: m.organisation_id,
    partner_organisation_id: m.reception_organisation_id,
    status: 'sent',
    shared: JSON.stringify(handoverOf(x, b, legs.at(-1)!, uasc)),
    sent_by: p.userId,
    sent_at: now.toISOString(),
    received_by: null,
    received_at: null,
  };
  await repo.insertReception(trx, row);
  return { reception: row, movement: m };
}

/** The hand-overs addressed to the caller's organisation. */
export const receptionsForCaller = (db: Db, p: Principal, status?: string) =>
  repo.receptionsFor(db, p.organisationId, status);

/**
 * The receiving partner confirms the passenger was received: the hand-over becomes `received` and a departed
 * passenger becomes `arrived`, in one transaction; a passenger the organising organisation already marked arrived
 * stays as they are (their arrival is counted once). Another organisation's hand-over answers 404.
 */
export async function receivePassenger(trx: Trx, p: Principal, id: string, now: Date) {
  const r = await repo.findReception(trx, id);
  if (!r || r.partner_organisation_id !== p.organisationId) throw notFound('reception');
  const x = (await repo.findPassenger(trx, r.passenger_id))!;
  if (r.status !== 'sent') throw new DomainError('invalid_transition', 'The passenger was already received.');
  if (x.status !== 'departed' && x.status !== 'arrived')
    throw new DomainError('invalid_transition', 'The passenger has not departed.');
  if (!(await repo.markReceived(trx, r.id, p.userId, now.toISOString())))
    throw new DomainError('precondition_failed', 'The hand-over changed meanwhile.');
  if (x.status === 'departed') await applyStep(trx, x, 'arrive', now);
  return (await repo.findReception(trx, r.id))!;
}

/**
 * The manifest of a movement: its passengers with what travel needs, in booking order. A restricted passenger the
 * caller may not see (beneficiaries.service restrictedAmong) comes without their person (`hidden`); `shown` lists
 * the restricted passengers they may see (each a sensitive read to audit).
 */
export async function manifestOf(db: Db, p: Principal, m: MovementRow, status?: string) {
  const rows = await repo.passengersOf(db, m.id, status);
  const ids = rows.map((r) => r.beneficiary_id);
  const people = await peopleOf(db, m.organisation_id, ids);
  const { hidden, shown } = await restrictedOf(db, p, people.values());
  const receptions = await repo.receptionsOfPassengers(
    db,
    rows.map((r) => r.id),
  );
  const items = rows.map((x) => ({
    row: x,
    person: hidden.has(x.beneficiary_id) ? undefined : people.get(x.beneficiary_id),
    hidden: hidden.has(x.beneficiary_id),
    reception: receptions.get(x.id),
  }));
  return { items, shown };
}

/** One passenger as the caller may see them (manifestOf's rule), with whether their showing is a sensitive read. */
export async function passengerView(db: Db, p: Principal, x: MovementPassengerRow) {
  const people = await peopleOf(db, x.organisation_id, [x.beneficiary_id]);
  const { hidden, shown } = await restrictedOf(db, p, people.values());
  return {
    person: people.get(x.beneficiary_id),
    hidden: hidden.size > 0,
    restrictedShown: shown.length > 0,
    reception: await receptionOf(db, x.id),
  };
}

/** The movements of the caller's organisation with their legs and passenger counts. */
export async function listMovements(db: Db, p: Principal, f: repo.MovementFilter) {
  const rows = await repo.listMovementRows(db, p.organisationId, f);
  return withFacts(db, rows);
}

/** Legs and passenger counts of the given movements. */
export async function withFacts(db: Db, rows: MovementRow[]) {
  const ids = rows.map((r) => r.id);
  const [legs, counts] = await Promise.all([repo.legsOf(db, ids), repo.statusCountsOf(db, ids)]);
  return rows.map((m) => ({ row: m, legs: legs.get(m.id) ?? [], counts: counts.filter((c) => c.movementId === m.id) }));
}

export const legsOfMovement = async (db: Db, id: string) => (await repo.legsOf(db, [id])).get(id) ?? [];
export const receptionOf = async (db: Db, passengerId: string) =>
  (await repo.receptionsOfPassengers(db, [passengerId])).get(passengerId);
