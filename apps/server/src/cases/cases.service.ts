// Use cases of case management: open a case, read it (as much as the caller may see), change its form, list.
// Workflow (status, closure, assignment, access grants) is in case-workflow.service.ts; the records kept on a
// case (assessments, plan, services, notes, tasks) in case-records.service.ts.
import { randomUUID } from 'node:crypto';
import type { CaseForm, CaseType, CreateCase } from '@corridor/contracts';
import {
  anonymisedRefusal,
  assertNotAnonymised,
  assertPersonNotAnonymised,
  isAnonymised,
} from '../beneficiaries/anonymised.ts';
import { getBeneficiary, markRestricted } from '../beneficiaries/beneficiaries.service.ts';
import { requireBasis } from '../consent/consent.service.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { lockRowForUpdate } from '../db/dialects/index.ts';
import { highestReference, lastReferenceNumber, referenceNumberAfter } from '../db/references.ts';
import { badCursor, DomainError, forbidden, invalidField, NOT_FUTURE, notFound } from '../errors.ts';
import type { SnapshotCase } from '../evidence/contributions.ts';
import {
  evidenceAfter,
  evidenceBefore,
  evidenceBeforeWith,
  evidenceCaseOf,
  evidenceWrite,
} from '../evidence/maintain.ts';
import { caseSnapshotOf } from '../evidence/snapshots.repository.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import { findUser } from '../identity/identity.repository.ts';
import { REFERENCE_PREFIX } from '../vocabularies/case-type.ts';
import type { caseStatus } from '../vocabularies/htcds-case-status.ts';
import type { CodeOf } from '../vocabularies/vocabulary.ts';
import { CASE_OVERSIGHT_ROLES, CASE_ROLES, isSensitiveCaseType, mayReadCase } from './case-access.ts';
import { assertValidForm, joinForm, splitForm } from './case-forms.ts';
import * as repo from './cases.repository.ts';
import type { CaseRow } from './cases.table.ts';

export type CaseStatus = CodeOf<typeof caseStatus>;

/** What cases.details holds: the form without its coded fields, and how a requested closure is to be recorded. */
export type CaseDetails = { form: Record<string, unknown>; closureReferred: boolean };

export const detailsOf = (row: CaseRow): CaseDetails => JSON.parse(row.details) as CaseDetails;
export const encodeDetails = (d: CaseDetails): string => JSON.stringify(d);

/** The calendar day of `now` in UTC, YYYY-MM-DD: due dates and opening dates are compared to it. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** True for Closed and ClosedReferred. */
export const isClosed = (row: Pick<CaseRow, 'status'>): boolean =>
  row.status === ('Closed' satisfies CaseStatus) || row.status === ('ClosedReferred' satisfies CaseStatus);

/** How much of a case a caller sees: everything, the metadata only (oversight roles), or nothing (404). */
export type CaseView = 'full' | 'managed' | 'metadata' | 'none';

/** How much of this case the caller may see. */
export async function caseViewOf(db: Db, p: Principal, row: CaseRow): Promise<CaseView> {
  if (row.organisation_id !== p.organisationId) return 'none';
  if (await mayReadCase(db, p, row)) return 'full';
  // A supervisor manages a sensitive case they may not read (assignment, access, closure) from its metadata.
  if (row.sensitive === 1 && hasAnyRole(p, 'supervisor')) return 'managed';
  if (row.sensitive === 0 && hasAnyRole(p, ...CASE_OVERSIGHT_ROLES)) return 'metadata';
  return 'none';
}

/** A case the caller may see, and how much of it; 404 otherwise, exactly as for a case that does not exist. */
export async function getCase(
  db: Db,
  p: Principal,
  id: string,
): Promise<{ row: CaseRow; view: Exclude<CaseView, 'none'> }> {
  const row = await repo.findCase(db, id);
  const view = row ? await caseViewOf(db, p, row) : 'none';
  if (!row || view === 'none') throw notFound('case');
  return { row, view };
}

/** A case whose content the caller may read and work on; 404 otherwise. */
export async function getWorkableCase(db: Db, p: Principal, id: string): Promise<CaseRow> {
  const row = await repo.findCase(db, id);
  if (!row || !(await mayReadCase(db, p, row))) throw notFound('case');
  return row;
}

/**
 * Many cases by id or by reference (the bulk import's look-up): those the caller may read and work on, by the same
 * rule as getWorkableCase (case-access mayReadCase), in a few queries. Keyed by what was asked for.
 */
export async function workableCases(
  db: Db,
  p: Principal,
  by: 'id' | 'reference',
  values: readonly string[],
): Promise<Map<string, CaseRow>> {
  const out = new Map<string, CaseRow>();
  if (!hasAnyRole(p, ...CASE_ROLES)) return out;
  const wanted = [...new Set(values)];
  const rows: CaseRow[] = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    // By id alone (an organisation filter could make SQLite scan the organisation's index instead).
    rows.push(
      ...(by === 'id'
        ? await db.selectFrom('cases').selectAll().where('id', 'in', chunk).execute()
        : await db
            .selectFrom('cases')
            .selectAll()
            .where('organisation_id', '=', p.organisationId)
            .where('reference', 'in', chunk)
            .execute()),
    );
  }
  const mine = rows.filter((r) => r.organisation_id === p.organisationId);
  const granted = new Set<string>();
  const ask = mine.filter((r) => r.sensitive === 1 && r.assigned_to !== p.userId).map((r) => r.id);
  for (let i = 0; i < ask.length; i += 500)
    for (const g of await db
      .selectFrom('case_access')
      .select('case_id')
      .where('user_id', '=', p.userId)
      .where('case_id', 'in', ask.slice(i, i + 500))
      .execute())
      granted.add(g.case_id);
  for (const r of mine)
    if (r.sensitive !== 1 || r.assigned_to === p.userId || granted.has(r.id))
      out.set(by === 'id' ? r.id : r.reference, r);
  return out;
}

/** A case of the caller's organisation by its human reference (e.g. VOT-2026-000042) that they may work on; 404 otherwise. */
export async function getWorkableCaseByReference(db: Db, p: Principal, reference: string): Promise<CaseRow> {
  const row = await repo.findCaseByReference(db, p.organisationId, reference);
  if (!row || !(await mayReadCase(db, p, row))) throw notFound('case');
  return row;
}

/**
 * A case of a supervisor's organisation, for management that needs no content (assignment, access grants,
 * closure decisions): a supervisor may manage a sensitive case they may not read. 404 otherwise.
 */
export async function getManagedCase(db: Db, p: Principal, id: string): Promise<CaseRow> {
  const row = await repo.findCase(db, id);
  if (!row || row.organisation_id !== p.organisationId || !hasAnyRole(p, 'supervisor')) throw notFound('case');
  return row;
}

/** The case's form, from its details and codes. */
export async function loadForm(db: Db, row: CaseRow): Promise<CaseForm> {
  return joinForm(row.type as CaseType, detailsOf(row).form, await repo.codesOf(db, row.id));
}

/** Throws invalid_reference unless the user is an active caseworker or supervisor of the organisation. */
export async function assertCaseStaff(db: Db, organisationId: string, userId: string): Promise<void> {
  const u = await findUser(db, userId);
  const ok =
    u &&
    u.organisation_id === organisationId &&
    !u.disabled_at &&
    u.roles.some((r) => (CASE_ROLES as readonly string[]).includes(r));
  if (!ok)
    throw new DomainError('invalid_reference', 'The user is not a caseworker or supervisor of this organisation.');
}

/**
 * The next human reference of the organisation for a case type and year, e.g. VOT-2026-000042, and the evidence
 * base's read of the person the case is for (the highest reference is read in the same round trip).
 */
async function nextReference(
  trx: Trx,
  engine: Engine,
  organisationId: string,
  type: CaseType,
  year: string,
  beneficiaryId: string,
  now: Date,
) {
  // Concurrent openings in one organisation queue on its row, so two cases never draw the same number.
  await lockRowForUpdate(trx, engine, 'organisations', organisationId);
  const prefix = `${REFERENCE_PREFIX[type]}-${year}-`;
  const { change, rows } = await evidenceBeforeWith(
    trx,
    beneficiaryId,
    now,
    highestReference(trx, 'cases', organisationId, prefix).compile(),
  );
  const n = (await referenceNumberAfter(trx, 'cases', organisationId, prefix, rows[0]?.last ?? null)) + 1;
  return { reference: `${prefix}${String(n).padStart(6, '0')}`, evidence: change };
}

/** A case is not opened in the future (its day, in UTC): the check of one case, of a bulk and of an import row. */
export function assertOpenedNotFuture(openedOn: string, now: Date, pointer = '/openedOn'): void {
  if (openedOn > dayOf(now)) throw invalidField(pointer, 'must not lie in the future', NOT_FUTURE.rule);
}

/**
 * Opens a case for a person the caller may see, under an `assistance` basis. A trafficking, GBV or child case is
 * sensitive and restricts the person: from then on only staff on one of their sensitive cases find them. None is
 * opened for an anonymised person (409, rule `anonymised`).
 */
export async function openCase(
  trx: Trx,
  engine: Engine,
  p: Principal,
  input: CreateCase,
  now: Date,
): Promise<{ row: CaseRow; form: CaseForm }> {
  assertValidForm(input.form);
  const b = await getBeneficiary(trx, p, input.beneficiaryId);
  assertNotAnonymised(b, '/beneficiaryId');
  await requireBasis(trx, { beneficiaryId: b.id, purpose: 'assistance' }, now);
  const assignee = input.assignedTo === undefined ? p.userId : input.assignedTo;
  if (assignee !== p.userId && !hasAnyRole(p, 'supervisor'))
    throw forbidden('Only a supervisor may open a case for someone else.');
  if (assignee !== null) await assertCaseStaff(trx, p.organisationId, assignee);

  const type = input.form.type;
  const openedOn = input.openedOn ?? dayOf(now);
  assertOpenedNotFuture(openedOn, now);
  const { codes, rest } = splitForm(input.form);
  // Evidence base: aggregates stay fresh (the person's state before the write is read with the reference).
  const { reference, evidence } = await nextReference(
    trx,
    engine,
    p.organisationId,
    type,
    openedOn.slice(0, 4),
    b.id,
    now,
  );
  const row: CaseRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    beneficiary_id: b.id,
    reference,
    type,
    status: 'Active' satisfies CaseStatus,
    sensitive: isSensitiveCaseType(type) ? 1 : 0,
    assigned_to: assignee,
    opened_on: openedOn,
    closed_on: null,
    closure_requested_by: null,
    closure_requested_at: null,
    closure_reason: null,
    closure_approved_by: null,
    details: encodeDetails({ form: rest, closureReferred: false }),
    created_by: p.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await evidenceWrite(
    trx,
    evidence,
    now,
    { cases: [caseSnapshotOf(row, codes)] },
    repo.insertCaseQuery(trx, row),
    async () => {
      await repo.insertCodes(trx, row.id, row.organisation_id, codes);
      if (row.sensitive === 1) await markRestricted(trx, b.id);
    },
  );
  return { row, form: joinForm(type, rest, codes) };
}

/** One case of a bulk opening: a person already checked by the caller, the form, the opening day. */
export type BulkCase = { beneficiaryId: string; form: CaseForm; openedOn?: string | undefined };

/**
 * Opens many cases at once, each assigned to the caller (the bulk import's path): the rows openCase writes, with
 * what openCase reads done once for the batch (the assignee, the last reference of each type and year, the
 * evidence base's view of the people) and multi-row inserts. The caller has checked, per case, that the person
 * may be seen by them, is not anonymised and has a valid assistance basis (consent.service currentBases), and that
 * the form is valid (assertValidForm) and not opened in the future; they are checked again here and the first
 * failure throws with a pointer `/<index>/...`. Returns the rows in the order given.
 */
export async function openCasesInBulk(
  trx: Trx,
  engine: Engine,
  p: Principal,
  items: readonly BulkCase[],
  now: Date,
): Promise<CaseRow[]> {
  if (items.length === 0) return [];
  const today = dayOf(now);
  items.forEach((item, i) => {
    assertValidForm(item.form, `/${i}/form`);
    assertOpenedNotFuture(item.openedOn ?? today, now, `/${i}/openedOn`);
  });
  await assertCaseStaff(trx, p.organisationId, p.userId);
  const people = new Set(items.map((x) => x.beneficiaryId));
  // By primary key alone (an organisation filter could make SQLite scan the organisation's index instead).
  const found = await trx
    .selectFrom('beneficiaries')
    .select(['id', 'organisation_id', 'search_name', 'name_latin'])
    .where('id', 'in', [...people])
    .execute();
  if (found.filter((b) => b.organisation_id === p.organisationId).length !== people.size) throw notFound('beneficiary');
  const anonymised = new Set(found.filter(isAnonymised).map((b) => b.id));
  items.forEach((item, i) => {
    if (anonymised.has(item.beneficiaryId)) throw anonymisedRefusal(`/${i}/beneficiaryId`);
  });

  // References are drawn in the order given, as one opening after another would.
  await lockRowForUpdate(trx, engine, 'organisations', p.organisationId);
  const next = new Map<string, number>();
  const at = now.toISOString();
  const made = [];
  for (const item of items) {
    const type = item.form.type;
    const openedOn = item.openedOn ?? today;
    const prefix = `${REFERENCE_PREFIX[type]}-${openedOn.slice(0, 4)}-`;
    let n = next.get(prefix);
    if (n === undefined) n = (await lastReferenceNumber(trx, 'cases', p.organisationId, prefix)) + 1;
    next.set(prefix, n + 1);
    const { codes, rest } = splitForm(item.form);
    const row: CaseRow = {
      id: randomUUID(),
      organisation_id: p.organisationId,
      beneficiary_id: item.beneficiaryId,
      reference: `${prefix}${String(n).padStart(6, '0')}`,
      type,
      status: 'Active' satisfies CaseStatus,
      sensitive: isSensitiveCaseType(type) ? 1 : 0,
      assigned_to: p.userId,
      opened_on: openedOn,
      closed_on: null,
      closure_requested_by: null,
      closure_requested_at: null,
      closure_reason: null,
      closure_approved_by: null,
      details: encodeDetails({ form: rest, closureReferred: false }),
      created_by: p.userId,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    made.push({ row, codes });
  }
  const evidence = await evidenceBefore(trx, [...people], now); // evidence base: aggregates stay fresh
  await repo.insertCasesWithCodes(trx, made);
  await markRestricted(
    trx,
    made.filter((m) => m.row.sensitive === 1).map((m) => m.row.beneficiary_id),
  );
  // The evidence base is told what each person gained, so it need not read them again.
  const gained = new Map<string, { cases: SnapshotCase[] }>();
  for (const m of made) {
    const list = gained.get(m.row.beneficiary_id) ?? { cases: [] };
    list.cases.push(caseSnapshotOf(m.row, m.codes));
    gained.set(m.row.beneficiary_id, list);
  }
  await evidenceAfter(trx, evidence, now, gained);
  return made.map((m) => m.row);
}

/**
 * Replaces the form of an open case under optimistic concurrency; the type cannot change. Not on an anonymised
 * person's case (409, rule `anonymised`): anonymisation blanked its free-text and uncoded fields for good.
 */
export async function updateCaseForm(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  form: CaseForm,
  now: Date,
): Promise<{ row: CaseRow; form: CaseForm }> {
  const before = await getWorkableCase(trx, p, id);
  if (form.type !== before.type) throw invalidField('/form/type', 'the type of a case cannot change');
  assertValidForm(form);
  if (isClosed(before))
    throw new DomainError('invalid_transition', 'A closed case cannot be changed; reopen it first.');
  await assertPersonNotAnonymised(trx, before.beneficiary_id);
  const { codes, rest } = splitForm(form);
  const evidence = await evidenceBefore(trx, [before.beneficiary_id], now); // evidence base: aggregates stay fresh
  evidenceCaseOf(evidence, before.beneficiary_id, id);
  const ok = await repo.updateCaseVersioned(
    trx,
    id,
    version,
    { details: encodeDetails({ ...detailsOf(before), form: rest }) },
    now.toISOString(),
  );
  if (!ok) throw new DomainError('precondition_failed', 'The case changed since you read it; reload and retry.');
  await repo.replaceCodes(trx, id, before.organisation_id, codes);
  await evidenceAfter(trx, evidence, now);
  const row = (await repo.findCase(trx, id))!;
  return { row, form: joinForm(form.type, rest, codes) };
}

/** The person on a case as the caller may see them (`anonymised`: the names are the fixed name of anonymisation). */
export type PersonView = {
  id: string;
  nameLatin: string | null;
  nameOriginal: string | null;
  namesHidden: boolean;
  anonymised: boolean;
};

/** Case types whose person's names are hidden until asked for (SECURITY.md D4: GBV, as GBVIMS; trafficking). */
const NAMES_HIDDEN: ReadonlySet<string> = new Set<CaseType>(['gbv', 'trafficking']);

/**
 * The person of a case the caller reads in full. GBV survivors' and trafficking victims' names are hidden by default:
 * they show only when asked for (`reveal`) by the assigned caseworker or someone given access to this case. A person
 * the caller may not see through the registry (restricted by another sensitive case) shows without names.
 */
export async function personOf(db: Db, p: Principal, row: CaseRow, reveal: boolean): Promise<PersonView> {
  const hidden: PersonView = {
    id: row.beneficiary_id,
    nameLatin: null,
    nameOriginal: null,
    namesHidden: true,
    anonymised: false,
  };
  if (NAMES_HIDDEN.has(row.type)) {
    const permitted = row.assigned_to === p.userId || (await repo.findGrant(db, row.id, p.userId)) !== undefined;
    if (!reveal || !permitted) return hidden;
  }
  try {
    const b = await getBeneficiary(db, p, row.beneficiary_id);
    return {
      id: b.id,
      nameLatin: b.name_latin,
      nameOriginal: b.name_original,
      namesHidden: false,
      anonymised: isAnonymised(b),
    };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') return hidden;
    throw err;
  }
}

/** Reads a `timestamp|uuid` keyset cursor. */
export function parseCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(cursor);
  if (!m || Number.isNaN(Date.parse(m[1]!))) throw badCursor();
  return { at: m[1]!, id: m[2]! };
}

/**
 * The cases the caller may list, newest first: those they may read (sensitive ones they may not read are left out
 * entirely), or with `managed` (the case list of the API and the pages) for a supervisor every case of their
 * organisation, the sensitive ones they may not read as metadata to manage them, except by person (whose sensitive
 * cases would say what the person is). Oversight roles list the non-sensitive ones. An export never asks `managed`:
 * it carries the cases' content.
 */
export async function listCasesFor(
  db: Db,
  p: Principal,
  q: {
    status?: string | undefined;
    type?: string | undefined;
    assignedTo?: string | undefined;
    beneficiaryId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
  managed = false,
): Promise<{ items: CaseRow[]; next: string | null }> {
  const view =
    managed && hasAnyRole(p, 'supervisor') && !q.beneficiaryId
      ? 'managed'
      : hasAnyRole(p, ...CASE_ROLES)
        ? 'full'
        : 'metadata';
  const after = parseCursor(q.cursor);
  const rows = await repo.listCases(db, p, view, {
    status: q.status,
    type: q.type,
    assignedTo: q.assignedTo === 'me' ? p.userId : q.assignedTo,
    beneficiaryId: q.beneficiaryId,
    after: after ? { createdAt: after.at, id: after.id } : undefined,
    limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  const last = items[items.length - 1];
  return { items, next: more && last ? `${last.created_at}|${last.id}` : null };
}
