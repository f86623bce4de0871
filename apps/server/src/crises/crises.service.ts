// Use cases of crises: the registry, affected migrant populations, consular focal points, and evacuation requests
// that become a registered person with a case (accept) and then a passenger on a movement (book).

import { randomUUID } from 'node:crypto';
import type {
  AcceptEvacuationRequest,
  CaseForm,
  CreateBeneficiary,
  CreateCrisis,
  CreateEvacuationRequest,
  CreateFocalPoint,
  RecordPopulation,
  UpdateCrisis,
} from '@corridor/contracts';
import { createBeneficiary, getBeneficiary, prepareBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { assertNotFuture } from '../cases/case-records.service.ts';
import { openCase } from '../cases/cases.service.ts';
import { currentBasis, recordConsent } from '../consent/consent.service.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { bookPassenger, getMovement } from '../movements/movements.service.ts';
import * as repo from './crises.repository.ts';
import type { CrisisPopulationRow, CrisisRow, EvacuationRequestRow } from './crises.table.ts';
import { assertPcodesOf } from './pcodes.ts';

/** A crisis of the caller's organisation; 404 otherwise, exactly as for one that does not exist. */
export async function getCrisis(db: Db, p: Principal, id: string): Promise<CrisisRow> {
  const c = await repo.findCrisis(db, id);
  if (!c || c.organisation_id !== p.organisationId) throw notFound('crisis');
  return c;
}

/** The latest report per nationality and place, summed per nationality (the affected migrant population now). */
export function latestByNationality(rows: readonly CrisisPopulationRow[]): Map<string, number> {
  const latest = new Map<string, CrisisPopulationRow>();
  for (const r of rows) {
    const k = `${r.nationality}|${r.pcode}`;
    const cur = latest.get(k);
    if (!cur || r.reported_on > cur.reported_on) latest.set(k, r);
  }
  const out = new Map<string, number>();
  for (const r of latest.values()) out.set(r.nationality, (out.get(r.nationality) ?? 0) + r.people);
  return out;
}

/** The facts a crisis is shown with: its areas, affected migrants now and open requests. */
export async function crisisFacts(db: Db, rows: CrisisRow[]) {
  const ids = rows.map((r) => r.id);
  const [areas, pops, open] = await Promise.all([
    repo.areasOf(db, ids),
    repo.populationsOfMany(db, ids),
    repo.openRequestCounts(db, ids),
  ]);
  return rows.map((row) => {
    const mine = pops.filter((x) => x.crisis_id === row.id);
    const affected = [...latestByNationality(mine).values()].reduce((a, b) => a + b, 0);
    return { row, areas: areas.get(row.id) ?? [], affected, open: open.get(row.id) ?? 0 };
  });
}

export const listCrises = (db: Db, p: Principal, f: repo.CrisisFilter) => repo.listCrisisRows(db, p.organisationId, f);

/** Opens a crisis in the registry: one that has started (its start not in the future), in its country's places. */
export async function createCrisis(trx: Trx, p: Principal, input: CreateCrisis, now: Date): Promise<CrisisRow> {
  assertNotFuture(input.startedOn, now, '/startedOn');
  assertPcodesOf(
    input.country,
    input.areas.map((pcode, i) => ({ pointer: `/areas/${i}`, pcode })),
  );
  if (await repo.findCrisisByCode(trx, p.organisationId, input.code)) throw conflict('A crisis with this code exists.');
  const at = now.toISOString();
  const row: CrisisRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    code: input.code,
    name: input.name,
    country: input.country,
    started_on: input.startedOn,
    emergency_level: input.emergencyLevel,
    status: 'active',
    created_by: p.userId,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  await repo.insertCrisis(trx, row, input.areas);
  return row;
}

/** Replaces a crisis's name, areas, level and status (If-Match). */
export async function updateCrisis(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  input: UpdateCrisis,
  now: Date,
): Promise<CrisisRow> {
  const c = await getCrisis(trx, p, id);
  assertPcodesOf(
    c.country,
    input.areas.map((pcode, i) => ({ pointer: `/areas/${i}`, pcode })),
  );
  const ok = await repo.updateCrisisRow(
    trx,
    c.id,
    version,
    { name: input.name, emergency_level: input.emergencyLevel, status: input.status, updated_at: now.toISOString() },
    input.areas,
  );
  if (!ok) throw new DomainError('precondition_failed', 'The crisis changed since you read it.');
  return (await repo.findCrisis(trx, c.id))!;
}

/** Records a report of the affected migrant population of one nationality at one place. */
export async function recordPopulation(trx: Trx, p: Principal, id: string, input: RecordPopulation, now: Date) {
  const c = await getCrisis(trx, p, id);
  assertPcodesOf(c.country, [{ pointer: '/pcode', pcode: input.pcode }]);
  // A report dated ahead would stay the nationality's latest figure until that day.
  assertNotFuture(input.reportedOn, now, '/reportedOn');
  const row: CrisisPopulationRow = {
    id: randomUUID(),
    crisis_id: c.id,
    organisation_id: c.organisation_id,
    nationality: input.nationality,
    pcode: input.pcode,
    people: input.people,
    reported_on: input.reportedOn,
    source: input.source,
    recorded_by: p.userId,
    recorded_at: now.toISOString(),
  };
  await repo.insertPopulation(trx, row);
  return { crisis: c, row };
}

/** Adds a consular focal point for a nationality. */
export async function addFocalPoint(trx: Trx, p: Principal, id: string, input: CreateFocalPoint, now: Date) {
  const c = await getCrisis(trx, p, id);
  const row = {
    id: randomUUID(),
    crisis_id: c.id,
    organisation_id: c.organisation_id,
    nationality: input.nationality,
    mission: input.mission,
    name: input.name,
    phone: input.phone,
    email: input.email,
    created_at: now.toISOString(),
  };
  await repo.insertFocalPoint(trx, row);
  return { crisis: c, row };
}

/** Where the registry's problems with a person land in an evacuation request. */
const REQUEST_POINTERS: Record<string, string> = {
  '/nameLatin': '/givenName',
  '/nameOriginal': '/givenName',
  '/citizenships/0': '/nationality',
};

/**
 * The person of a request must be one the registry would take when the request is accepted (names it can write in
 * Latin letters, a birth date that is not in the future): checked now, so that a request is never taken that cannot
 * be accepted. Nothing is written.
 */
function assertRegistrable(p: Principal, c: CrisisRow, input: CreateEvacuationRequest, now: Date): void {
  try {
    prepareBeneficiary(
      p,
      {
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth,
        sex: input.sex,
        citizenships: [input.nationality],
        phone: input.phone,
        country: c.country,
        pcode: input.pcode,
      } as CreateBeneficiary,
      now,
    );
  } catch (err) {
    if (!(err instanceof DomainError) || !err.extra.errors) throw err;
    throw new DomainError(err.code, err.detail, {
      errors: err.extra.errors.map((e) => ({ ...e, pointer: REQUEST_POINTERS[e.pointer] ?? e.pointer })),
    });
  }
}

/** Takes an evacuation request from a person or from their consulate (naming one of the crisis's focal points). */
export async function createRequest(
  trx: Trx,
  p: Principal,
  crisisId: string,
  input: CreateEvacuationRequest,
  now: Date,
): Promise<EvacuationRequestRow> {
  const c = await getCrisis(trx, p, crisisId);
  if (c.status === 'closed') throw new DomainError('invalid_transition', 'The crisis is closed.');
  assertPcodesOf(c.country, [{ pointer: '/pcode', pcode: input.pcode }]);
  assertRegistrable(p, c, input, now);
  if (input.focalPointId !== null) {
    const fp = await repo.findFocalPoint(trx, input.focalPointId);
    if (!fp || fp.crisis_id !== c.id) throw new DomainError('invalid_reference', 'The focal point does not exist.');
  }
  const at = now.toISOString();
  const row: EvacuationRequestRow = {
    id: randomUUID(),
    crisis_id: c.id,
    organisation_id: c.organisation_id,
    channel: input.channel,
    focal_point_id: input.focalPointId,
    nationality: input.nationality,
    pcode: input.pcode,
    given_name: input.givenName,
    family_name: input.familyName,
    date_of_birth: input.dateOfBirth,
    sex: input.sex,
    phone: input.phone,
    household_size: input.householdSize,
    status: 'received',
    beneficiary_id: null,
    case_id: null,
    passenger_id: null,
    decline_reason: null,
    received_at: at,
    received_by: p.userId,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  await repo.insertRequest(trx, row);
  return row;
}

/** A request of the caller's organisation; 404 otherwise. */
export async function getRequest(db: Db, p: Principal, id: string): Promise<EvacuationRequestRow> {
  const r = await repo.findRequest(db, id);
  if (!r || r.organisation_id !== p.organisationId) throw notFound('evacuation request');
  return r;
}

export const requestsOfCrisis = (db: Db, c: CrisisRow, f: { status?: string; nationality?: string }) =>
  repo.requestsOf(db, c.id, f);

const changed = () => new DomainError('precondition_failed', 'The request changed meanwhile; read it again.');

/**
 * The ledger's refusal of a child's assent (required for a child, out of place for an adult) names the ledger's own
 * field, `/childAssent`; this form carries the assent in `child.assent`, so the refusal is moved there, where a client
 * shows it next to the field to change.
 */
function atChildAssent(e: unknown): never {
  const errors = e instanceof DomainError ? e.extra.errors : undefined;
  if (!(e instanceof DomainError) || !errors?.some((i) => i.pointer === '/childAssent')) throw e;
  throw new DomainError(e.code, e.detail, {
    ...e.extra,
    errors: errors.map((i) => (i.pointer === '/childAssent' ? { ...i, pointer: '/child/assent' } : i)),
  });
}

/**
 * Accepts a request: registers the person (or takes the existing record given), records the legal basis for
 * assistance unless one is in force, and opens a protection case — or a child case for an unaccompanied or
 * separated child, who then needs a best-interest assessment before any booking. All in the caller's transaction.
 */
export async function acceptRequest(
  trx: Trx,
  engine: Engine,
  p: Principal,
  id: string,
  input: AcceptEvacuationRequest,
  now: Date,
) {
  const r = await getRequest(trx, p, id);
  if (r.status !== 'received')
    throw new DomainError('invalid_transition', 'The request is not waiting for a decision.');
  const c = (await repo.findCrisis(trx, r.crisis_id))!;
  const person =
    input.beneficiaryId !== null
      ? await getBeneficiary(trx, p, input.beneficiaryId).catch(() => {
          throw new DomainError('invalid_reference', 'The person does not exist.');
        })
      : (
          await createBeneficiary(
            trx,
            p,
            {
              givenName: r.given_name,
              familyName: r.family_name,
              dateOfBirth: r.date_of_birth,
              sex: r.sex as 'female' | 'male' | null,
              citizenships: [r.nationality],
              phone: r.phone,
              country: c.country,
              pcode: r.pcode,
            },
            now,
          )
        ).row;
  if (!(await currentBasis(trx, { beneficiaryId: person.id, purpose: 'assistance' }, now)))
    await recordConsent(
      trx,
      engine,
      p,
      person,
      { purpose: 'assistance', basis: input.basis, action: 'grant', childAssent: input.child?.assent ?? null },
      now,
    ).catch(atChildAssent);
  const form: CaseForm = input.child
    ? {
        type: 'child',
        separation: input.child.separation,
        guardian: {
          kind: input.child.guardianKind,
          name: input.child.guardianName,
          relationship: null,
          organisationId: null,
          phone: null,
        },
        careArrangement: null,
        familyTracing: input.child.separation === 'unaccompanied',
      }
    : { type: 'protection', situation: 'stranded', vulnerabilities: ['Migration'], needs: [], circumstances: null };
  const opened = await openCase(trx, engine, p, { beneficiaryId: person.id, form }, now);
  const next = await repo.updateRequest(trx, r.id, 'received', {
    status: 'accepted',
    beneficiary_id: person.id,
    case_id: opened.row.id,
    updated_at: now.toISOString(),
  });
  if (!next) throw changed();
  return { request: next, caseRow: opened.row };
}

/** Declines a request that has not been accepted, with the reason. */
export async function declineRequest(trx: Trx, p: Principal, id: string, reason: string, now: Date) {
  const r = await getRequest(trx, p, id);
  if (r.status !== 'received')
    throw new DomainError('invalid_transition', 'The request is not waiting for a decision.');
  const next = await repo.updateRequest(trx, r.id, 'received', {
    status: 'declined',
    decline_reason: reason,
    updated_at: now.toISOString(),
  });
  if (!next) throw changed();
  return next;
}

/** Books an accepted request's person (and case) on a movement of the same crisis. */
export async function bookRequest(trx: Trx, p: Principal, id: string, movementId: string, now: Date) {
  const r = await getRequest(trx, p, id);
  if (r.status !== 'accepted' || !r.beneficiary_id)
    throw new DomainError('invalid_transition', 'Only an accepted request is booked.');
  const m = await getMovement(trx, p, movementId).catch(() => {
    throw new DomainError('invalid_reference', 'The movement does not exist.');
  });
  if (m.crisis_id !== r.crisis_id)
    throw new DomainError('invalid_reference', 'The movement does not answer this request’s crisis.');
  const passenger = await bookPassenger(
    trx,
    p,
    m.id,
    {
      beneficiaryId: r.beneficiary_id,
      caseId: r.case_id,
      fitToTravel: 'pending',
      medicalEscort: false,
      document: null,
    },
    now,
  );
  const next = await repo.updateRequest(trx, r.id, 'accepted', {
    status: 'booked',
    passenger_id: passenger.id,
    updated_at: now.toISOString(),
  });
  if (!next) throw changed();
  return { request: next, passenger };
}

export const populationsOf = repo.populationsOf;
export const focalPointsOf = repo.focalPointsOf;
