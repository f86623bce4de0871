// Worker grievances: the public intake and follow-up by tracking code, and the officer's work on them (triage,
// assignment, deadlines, messages, outcome, audit request). The hand-over to a trafficking case is in
// grievances.handover.ts. Every officer read and write is scoped to the caller's organisation (the desk that
// received the grievance); another organisation's grievance answers 404 exactly as a missing one.
import { randomUUID } from 'node:crypto';
import {
  type CloseGrievance,
  type FileGrievance,
  GRIEVANCE_CATEGORIES,
  type GrievanceCategory,
  type GrievanceDesk,
  type GrievanceListQuery,
  type GrievanceSeverity,
  TRAFFICKING_INDICATORS,
  type TriageGrievance,
} from '@corridor/contracts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { lockRowForUpdate } from '../db/dialects/index.ts';
import { lastReferenceNumber } from '../db/references.ts';
import { badCursor, DomainError, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisation, findUser } from '../identity/identity.repository.ts';
import { GRIEVANCE_OFFICER_ROLES } from './grievances.policy.ts';
import * as repo from './grievances.repository.ts';
import type { GrievanceDeskRow, GrievanceRow, GrievanceTable } from './grievances.table.ts';
import { newTrackingCode, trackingHash } from './tracking-code.ts';

const DAY = 86_400_000;

/** Days from receipt to the resolution due date, by severity (set at triage). */
export const RESOLUTION_DAYS: Readonly<Record<GrievanceSeverity, number>> = {
  critical: 14,
  high: 30,
  medium: 60,
  low: 90,
};

/** The categories of a grievance, from the stored " a b " form. */
export const categoriesOf = (row: Pick<GrievanceRow, 'categories'>): GrievanceCategory[] =>
  row.categories
    .split(' ')
    .filter((c): c is GrievanceCategory => (GRIEVANCE_CATEGORIES as readonly string[]).includes(c));

/** Stores categories in a fixed order, space-delimited with spaces at both ends (see the migration). */
const encodeCategories = (cs: readonly GrievanceCategory[]): string =>
  ` ${GRIEVANCE_CATEGORIES.filter((c) => cs.includes(c)).join(' ')} `;

/** True when the grievance names a trafficking indicator (retained documents, debt bondage, threats). */
export const hasTraffickingIndicators = (row: Pick<GrievanceRow, 'categories'>): boolean =>
  categoriesOf(row).some((c) => TRAFFICKING_INDICATORS.includes(c));

/** True when the worker left no contact details at all. */
export const isAnonymous = (row: Pick<GrievanceRow, 'worker_name' | 'worker_phone' | 'worker_email'>): boolean =>
  !row.worker_name && !row.worker_phone && !row.worker_email;

/** Past its first-response or resolution due date at `now`, and still open. */
export function isOverdue(row: GrievanceRow, now: Date): boolean {
  if (row.status === 'closed') return false;
  const t = now.toISOString();
  return (
    (row.first_responded_at === null && row.first_response_due < t) ||
    (row.resolution_due !== null && row.resolution_due < t)
  );
}

// ---- the desk

/** The organisation that receives public grievances, or null when none is set. */
export const getDesk = (db: Db): Promise<GrievanceDeskRow | undefined> => repo.findDesk(db);

/** Chooses the organisation that receives public grievances. */
export async function setDesk(trx: Trx, p: Principal, input: GrievanceDesk, now: Date): Promise<GrievanceDeskRow> {
  if (!(await findOrganisation(trx, input.organisationId)))
    throw new DomainError('invalid_reference', 'The organisation does not exist.');
  const row: GrievanceDeskRow = {
    id: 1,
    organisation_id: input.organisationId,
    first_response_days: input.firstResponseDays,
    updated_by: p.userId,
    updated_at: now.toISOString(),
  };
  await repo.upsertDesk(trx, row);
  return row;
}

// ---- history

async function addEvent(
  trx: Trx,
  row: Pick<GrievanceRow, 'id' | 'organisation_id'>,
  action: string,
  actorId: string | null,
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await repo.insertEvent(trx, {
    id: randomUUID(),
    grievance_id: row.id,
    organisation_id: row.organisation_id,
    action,
    actor_id: actorId,
    details: JSON.stringify(details),
    created_at: now.toISOString(),
  });
}

// ---- public intake and follow-up

/** Finds the public register's entry for a licence number (see recruitment-link.ts). */
export type RegisterLookup = (
  db: Db,
  licence: string,
  now: Date,
) => Promise<{ name: string; licenceNumber: string } | null>;

/**
 * Files a grievance for the desk organisation and returns it with its tracking code (shown once; only its hash
 * is stored). `service_unavailable` when no desk is set. A licence number found in the public register gives
 * the register's name; one that is not found is kept as the worker typed it (a worker may mistype it).
 */
export async function fileGrievance(
  trx: Trx,
  engine: Engine,
  input: FileGrievance,
  now: Date,
  lookupRegister: RegisterLookup,
): Promise<{ row: GrievanceRow; trackingCode: string }> {
  const desk = await repo.findDesk(trx);
  if (!desk) throw new DomainError('service_unavailable', 'Grievances cannot be received here yet.');
  let recruiterName = input.recruiterName;
  let recruiterLicence = input.recruiterLicence;
  if (recruiterLicence) {
    const r = await lookupRegister(trx, recruiterLicence, now);
    if (r) {
      recruiterName = r.name;
      recruiterLicence = r.licenceNumber;
    }
  }
  const { code, display } = newTrackingCode();
  const at = now.toISOString();
  const contact = input.contact;
  const row: GrievanceTable = {
    id: randomUUID(),
    organisation_id: desk.organisation_id,
    reference: await nextReference(trx, engine, desk.organisation_id, at.slice(0, 4)),
    tracking_hash: trackingHash(code),
    status: 'received',
    categories: encodeCategories(input.categories),
    severity: null,
    description: input.description,
    language: input.language,
    recruiter_id: null,
    recruiter_name: recruiterName,
    recruiter_licence: recruiterLicence,
    employer_name: input.employerName,
    destination_country: input.destinationCountry,
    worker_name: contact?.name ?? null,
    worker_phone: contact?.phone ?? null,
    worker_email: contact?.email ?? null,
    recruiter_may_know_identity: input.recruiterMayKnowIdentity ? 1 : 0,
    handover_consent: input.handoverConsent ? 1 : 0,
    assigned_to: null,
    received_at: at,
    first_response_due: new Date(now.getTime() + desk.first_response_days * DAY).toISOString(),
    first_responded_at: null,
    resolution_due: null,
    outcome: null,
    outcome_summary: null,
    closed_at: null,
    audit_requested_at: null,
    audit_request_reason: null,
    handover_organisation_id: null,
    handover_case_id: null,
    handover_case_reference: null,
    handed_over_at: null,
    updated_at: at,
    version: 1,
  };
  await repo.insertGrievance(trx, row);
  await addEvent(
    trx,
    row,
    'filed',
    null,
    {
      categories: input.categories,
      anonymous: isAnonymous(row),
      recruiterMayKnowIdentity: input.recruiterMayKnowIdentity,
      handoverConsent: input.handoverConsent,
    },
    now,
  );
  return { row: (await repo.findGrievance(trx, row.id))!, trackingCode: display };
}

/** The next human reference of the desk for the year, e.g. GRV-2026-000042 (never shown to the public). */
async function nextReference(trx: Trx, engine: Engine, organisationId: string, year: string): Promise<string> {
  // Concurrent filings queue on the desk organisation's row, so two grievances never draw the same number.
  await lockRowForUpdate(trx, engine, 'organisations', organisationId);
  const prefix = `GRV-${year}-`;
  const n = (await lastReferenceNumber(trx, 'grievances', organisationId, prefix)) + 1;
  return `${prefix}${String(n).padStart(6, '0')}`;
}

/** The grievance a tracking code opens, or 404 (the same answer for a wrong code and for no code at all). */
export async function grievanceByCode(db: Db, normalisedCode: string): Promise<GrievanceRow> {
  const row = await repo.findByTrackingHash(db, trackingHash(normalisedCode));
  if (!row) throw new DomainError('not_found', 'No grievance has this tracking code.');
  return row;
}

/**
 * The time of a new message: now, or one millisecond after the grievance's latest message when the clock has not
 * moved past it, so the conversation's order is never ambiguous.
 */
async function messageTime(trx: Trx, grievanceId: string, now: Date): Promise<string> {
  const last = (await repo.messagesOf(trx, grievanceId)).at(-1)?.created_at;
  return (last && Date.parse(last) >= now.getTime() ? new Date(Date.parse(last) + 1) : now).toISOString();
}

/** The worker's reply, added to the messages; refused once the grievance is closed. */
export async function workerReply(trx: Trx, row: GrievanceRow, message: string, now: Date): Promise<void> {
  if (row.status === 'closed') throw new DomainError('invalid_transition', 'The grievance is closed.');
  await repo.insertMessage(trx, {
    id: randomUUID(),
    grievance_id: row.id,
    organisation_id: row.organisation_id,
    sender: 'worker',
    author_id: null,
    body: message,
    created_at: await messageTime(trx, row.id, now),
  });
  await touch(trx, row, {}, now);
}

/**
 * The worker gives or withdraws consent to a hand-over to a protection organisation. After the hand-over the
 * consent lives in that organisation's ledger, so it can no longer be changed here.
 */
export async function workerConsent(trx: Trx, row: GrievanceRow, consent: boolean, now: Date): Promise<void> {
  if (row.handed_over_at) throw new DomainError('invalid_transition', 'The grievance has been handed over already.');
  if ((row.handover_consent === 1) === consent) return;
  await touch(trx, row, { handover_consent: consent ? 1 : 0 }, now);
  await addEvent(trx, row, consent ? 'worker.handover_consent' : 'worker.handover_consent_withdrawn', null, {}, now);
}

/** Applies changes under the row's version (a concurrent change gives 412). */
async function touch(trx: Trx, row: GrievanceRow, changes: Partial<GrievanceTable>, now: Date): Promise<GrievanceRow> {
  const ok = await repo.updateGrievanceVersioned(trx, row.id, row.version, {
    ...changes,
    updated_at: now.toISOString(),
  });
  if (!ok) throw new DomainError('precondition_failed', 'The grievance changed meanwhile; reload and try again.');
  return (await repo.findGrievance(trx, row.id))!;
}

// ---- officer side

/** A grievance of the caller's organisation; 404 otherwise. */
export async function getGrievance(db: Db, p: Principal, id: string): Promise<GrievanceRow> {
  const row = await repo.findGrievance(db, id);
  if (!row || row.organisation_id !== p.organisationId) throw notFound('grievance');
  return row;
}

/** Same, for a change under optimistic concurrency: 412 when the version the client read is not current. */
async function getForChange(trx: Trx, p: Principal, id: string, ifMatch: number): Promise<GrievanceRow> {
  const row = await getGrievance(trx, p, id);
  if (row.version !== ifMatch)
    throw new DomainError('precondition_failed', 'The grievance has changed since you read it.');
  return row;
}

const refuseIfClosed = (row: GrievanceRow) => {
  if (row.status === 'closed') throw new DomainError('invalid_transition', 'The grievance is closed.');
};

/** Triage: severity and confirmed categories; sets the resolution due date from the severity. */
export async function triageGrievance(
  trx: Trx,
  p: Principal,
  id: string,
  ifMatch: number,
  input: TriageGrievance,
  now: Date,
): Promise<GrievanceRow> {
  const row = await getForChange(trx, p, id, ifMatch);
  refuseIfClosed(row);
  const resolutionDue = new Date(Date.parse(row.received_at) + RESOLUTION_DAYS[input.severity] * DAY).toISOString();
  const after = await touch(
    trx,
    row,
    {
      severity: input.severity,
      categories: encodeCategories(input.categories),
      resolution_due: resolutionDue,
      status: row.status === 'received' ? 'triaged' : row.status,
    },
    now,
  );
  await addEvent(trx, row, 'triaged', p.userId, { severity: input.severity, categories: categoriesOf(after) }, now);
  return after;
}

/** Active grievance officers of the caller's organisation (id and display name), by name: whom to assign to. */
export async function listOfficers(db: Db, p: Principal): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .where('users.organisation_id', '=', p.organisationId)
    .where('users.disabled_at', 'is', null)
    .where('user_roles.role', 'in', [...GRIEVANCE_OFFICER_ROLES])
    .distinct()
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** Assigns the grievance to an officer of the same organisation. */
export async function assignGrievance(
  trx: Trx,
  p: Principal,
  id: string,
  ifMatch: number,
  userId: string,
  now: Date,
): Promise<GrievanceRow> {
  const row = await getForChange(trx, p, id, ifMatch);
  refuseIfClosed(row);
  const u = await findUser(trx, userId);
  const ok =
    u &&
    u.organisation_id === row.organisation_id &&
    !u.disabled_at &&
    u.roles.some((r) => GRIEVANCE_OFFICER_ROLES.includes(r));
  if (!ok) throw new DomainError('invalid_reference', 'The user is not a grievance officer of this organisation.');
  if (row.assigned_to === userId) return row;
  const after = await touch(trx, row, { assigned_to: userId }, now);
  await addEvent(trx, row, 'assigned', p.userId, { assignedTo: userId }, now);
  return after;
}

/** A message to the worker (shown on the tracking page); the first one is the first response. */
export async function messageWorker(
  trx: Trx,
  p: Principal,
  id: string,
  body: string,
  now: Date,
): Promise<GrievanceRow> {
  const row = await getGrievance(trx, p, id);
  refuseIfClosed(row);
  await repo.insertMessage(trx, {
    id: randomUUID(),
    grievance_id: row.id,
    organisation_id: row.organisation_id,
    sender: 'officer',
    author_id: p.userId,
    body,
    created_at: await messageTime(trx, row.id, now),
  });
  return touch(
    trx,
    row,
    {
      first_responded_at: row.first_responded_at ?? now.toISOString(),
      status: row.status === 'closed' ? row.status : 'in_progress',
    },
    now,
  );
}

/** Closes the grievance with an outcome; only a withdrawal may close one that was never triaged. */
export async function closeGrievance(
  trx: Trx,
  p: Principal,
  id: string,
  ifMatch: number,
  input: CloseGrievance,
  now: Date,
): Promise<GrievanceRow> {
  const row = await getForChange(trx, p, id, ifMatch);
  refuseIfClosed(row);
  if (row.severity === null && input.outcome !== 'withdrawn')
    throw new DomainError('invalid_transition', 'Triage the grievance before deciding its outcome.');
  const after = await touch(
    trx,
    row,
    { status: 'closed', outcome: input.outcome, outcome_summary: input.summary, closed_at: now.toISOString() },
    now,
  );
  await addEvent(trx, row, 'closed', p.userId, { outcome: input.outcome }, now);
  return after;
}

/** Links the grievance to a recruiter of the register (and so to its certification). */
export async function linkRecruiter(
  trx: Trx,
  p: Principal,
  row: GrievanceRow,
  recruiter: { id: string; name: string; licenceNumber: string },
  now: Date,
): Promise<GrievanceRow> {
  const after = await touch(
    trx,
    row,
    { recruiter_id: recruiter.id, recruiter_name: recruiter.name, recruiter_licence: recruiter.licenceNumber },
    now,
  );
  await addEvent(trx, row, 'recruiter_linked', p.userId, { recruiterId: recruiter.id }, now);
  return after;
}

/** Records that an audit of the recruiter was asked for (the request itself goes to the recruitment context). */
export async function markAuditRequested(
  trx: Trx,
  p: Principal,
  row: GrievanceRow,
  reason: string,
  details: Record<string, unknown>,
  now: Date,
): Promise<GrievanceRow> {
  const after = await touch(trx, row, { audit_requested_at: now.toISOString(), audit_request_reason: reason }, now);
  await addEvent(trx, row, 'audit_requested', p.userId, details, now);
  return after;
}

/** Records the hand-over on the grievance. */
export async function markHandedOver(
  trx: Trx,
  p: Principal,
  row: GrievanceRow,
  handover: { organisationId: string; caseId: string; caseReference: string },
  now: Date,
): Promise<GrievanceRow> {
  const after = await touch(
    trx,
    row,
    {
      handover_organisation_id: handover.organisationId,
      handover_case_id: handover.caseId,
      handover_case_reference: handover.caseReference,
      handed_over_at: now.toISOString(),
    },
    now,
  );
  await addEvent(
    trx,
    row,
    'handed_over',
    p.userId,
    { organisationId: handover.organisationId, caseId: handover.caseId },
    now,
  );
  return after;
}

/** Decodes a list cursor ("<received_at>|<id>"); undefined when absent. */
function parseCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = cursor.split('|');
  if (!at || !id || Number.isNaN(Date.parse(at))) throw badCursor();
  return { at, id };
}

/** A page of the caller's organisation's grievances, newest first, filtered. */
export async function listGrievances(
  db: Db,
  p: Principal,
  q: Omit<GrievanceListQuery, 'limit' | 'cursor'> & { limit: number; cursor?: string | undefined },
  now: Date,
): Promise<{ items: GrievanceRow[]; next: string | null }> {
  const at = now.toISOString();
  const rows = await repo.listGrievances(db, {
    organisationId: p.organisationId,
    status: q.status,
    category: q.category,
    recruiterId: q.recruiterId,
    recruiter: q.recruiter,
    assignedTo: q.assignedTo,
    overdueAt: q.overdue === true ? at : undefined,
    notOverdueAt: q.overdue === false ? at : undefined,
    after: parseCursor(q.cursor),
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items, next: rows.length > q.limit && last ? `${last.received_at}|${last.id}` : null };
}

export const messagesOf = (db: Db, id: string) => repo.messagesOf(db, id);
export const historyOf = (db: Db, id: string) => repo.eventsOf(db, id);
