// The records kept on a case: assessments (the best-interest assessment of a child among them), the case plan
// (HTCDS support plan types), services delivered (by the organisation, or by a partner under a referral), notes
// and tasks with due dates. Callers pass a case row they have already been allowed to work on. Nothing new is
// recorded on the case of an anonymised person (beneficiaries/anonymised.ts): a note, a task, an assessment or a plan
// item could hold free text that names them again, so each is refused with 409, rule `anonymised`.
import { randomUUID } from 'node:crypto';
import type { CaseType } from '@corridor/contracts';
import { anonymisedAmong, anonymisedRefusal, assertPersonNotAnonymised } from '../beneficiaries/anonymised.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, invalidField, notFound } from '../errors.ts';
import {
  evidenceAdding,
  evidenceAfter,
  evidenceBefore,
  evidenceBeforeWith,
  evidenceCaseOf,
  evidenceWrite,
} from '../evidence/maintain.ts';
import type { Principal } from '../http/principal.ts';
import { organisationIdQuery } from '../identity/identity.repository.ts';
import { supportPlanType } from '../vocabularies/htcds-support-plan-type.ts';
import { serviceType } from '../vocabularies/service-type.ts';
import type { Vocabulary } from '../vocabularies/vocabulary.ts';
import * as repo from './case-records.repository.ts';
import { assertCaseStaff, dayOf, isClosed } from './cases.service.ts';
import type { CaseRow, CaseServiceTable } from './cases.table.ts';

const assertCode = (v: Vocabulary, code: string, pointer: string) => {
  if (!v.has(code)) throw invalidField(pointer, `not a code of the ${v.id} vocabulary`);
};

export const assertNotFuture = (date: string | null, now: Date, pointer: string) => {
  if (date !== null && date > dayOf(now)) throw invalidField(pointer, 'must not lie in the future', 'not_future');
};

/** Records on a closed case are frozen (notes excepted, and services a partner delivers under a referral). */
const assertOpen = (row: CaseRow) => {
  if (isClosed(row))
    throw new DomainError('invalid_transition', 'The case is closed; reopen it to change its records.');
};

// ---- assessments

/**
 * Records an assessment; a best-interest assessment is for a child's case and is recorded once completed. None for
 * an anonymised person (409, rule `anonymised`: its outcome and answers could name them again).
 */
export async function addAssessment(
  trx: Trx,
  row: CaseRow,
  p: Principal,
  input: { kind: string; completedOn: string | null; outcome: string | null; answers: Record<string, unknown> },
  now: Date,
) {
  assertOpen(row);
  if (input.kind === 'best_interest') {
    if (row.type !== ('child' satisfies CaseType))
      throw invalidField('/kind', 'a best-interest assessment is for a child’s case');
    if (input.completedOn === null) throw invalidField('/completedOn', 'required for a best-interest assessment');
  }
  assertNotFuture(input.completedOn, now, '/completedOn');
  await assertPersonNotAnonymised(trx, row.beneficiary_id);
  const a = {
    id: randomUUID(),
    case_id: row.id,
    organisation_id: row.organisation_id,
    kind: input.kind,
    completed_on: input.completedOn,
    outcome: input.outcome,
    details: JSON.stringify(input.answers),
    recorded_by: p.userId,
    recorded_at: now.toISOString(),
  };
  await repo.insertAssessment(trx, a);
  return a;
}

export const assessmentsOf = (db: Db, row: CaseRow) => repo.listAssessments(db, row.id);

// ---- plan

/** Adds an item to the case plan; none for an anonymised person (409, rule `anonymised`: its description is text). */
export async function addPlanItem(
  trx: Trx,
  row: CaseRow,
  p: Principal,
  input: { planType: string; description: string; status: string },
  now: Date,
) {
  assertOpen(row);
  assertCode(supportPlanType, input.planType, '/planType');
  await assertPersonNotAnonymised(trx, row.beneficiary_id);
  const item = {
    id: randomUUID(),
    case_id: row.id,
    organisation_id: row.organisation_id,
    plan_type: input.planType,
    description: input.description,
    status: input.status,
    created_by: p.userId,
    created_at: now.toISOString(),
    version: 1,
  };
  await repo.insertPlanItem(trx, item);
  return item;
}

/**
 * Changes a plan item's description or status. An anonymised person's item takes no description again (anonymisation
 * blanked it; 409, rule `anonymised`); its status, a statistical fact anonymisation keeps, may still change.
 */
export async function updatePlanItem(
  trx: Trx,
  row: CaseRow,
  itemId: string,
  changes: { description?: string | undefined; status?: string | undefined },
  version: number,
) {
  assertOpen(row);
  if (changes.description !== undefined) await assertPersonNotAnonymised(trx, row.beneficiary_id, '/description');
  const item = await repo.findPlanItem(trx, row.id, itemId);
  if (!item) throw notFound('plan item');
  const stale = new DomainError('precondition_failed', 'The plan item changed meanwhile; reload and retry.');
  if (item.version !== version) throw stale;
  const done = await repo.updatePlanItem(trx, itemId, version, {
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.status !== undefined ? { status: changes.status } : {}),
  });
  if (!done) throw stale;
  return (await repo.findPlanItem(trx, row.id, itemId))!;
}

export const planItemsOf = (db: Db, row: CaseRow) => repo.listPlanItems(db, row.id);

// ---- services

export type ServiceInput = {
  serviceType: string;
  deliveredOn: string;
  valueMinor: number | null;
  currency: string | null;
  description: string | null;
};

/** Records a service delivered on the case, by the organisation itself or another provider. */
/** What the services a caller records take (the provider defaults to the case's organisation). */
export type ServiceRecord = ServiceInput & { providerOrganisationId?: string | undefined; planItemId: string | null };

/**
 * The checks of a service that need no database (the case is open, the type is a code of the vocabulary, the date
 * is not in the future): `addService` and `addServicesInBulk` run them, and a bulk caller may run them per row
 * first to report each row's problem.
 */
export function checkService(row: CaseRow, input: ServiceRecord, now: Date, pointer = ''): void {
  assertOpen(row);
  assertCode(serviceType, input.serviceType, `${pointer}/serviceType`);
  assertNotFuture(input.deliveredOn, now, `${pointer}/deliveredOn`);
}

function serviceRow(row: CaseRow, p: Principal, input: ServiceRecord, provider: string, now: Date): CaseServiceTable {
  return {
    id: randomUUID(),
    case_id: row.id,
    organisation_id: row.organisation_id,
    plan_item_id: input.planItemId,
    referral_id: null,
    service_type: input.serviceType,
    delivered_on: input.deliveredOn,
    provider_organisation_id: provider,
    value_minor: input.valueMinor,
    currency: input.currency,
    description: input.description,
    recorded_by: p.userId,
    recorded_at: now.toISOString(),
  };
}

/** Records a service on the case; none for an anonymised person (409, rule `anonymised`: nobody can tell who got it). */
export async function addService(
  trx: Trx,
  row: CaseRow,
  p: Principal,
  input: ServiceRecord,
  now: Date,
): Promise<CaseServiceTable> {
  checkService(row, input, now);
  await assertPersonNotAnonymised(trx, row.beneficiary_id);
  const provider = input.providerOrganisationId ?? row.organisation_id;
  // Evidence base: aggregates stay fresh. The person's state before the write is read with the provider's check.
  const { change: evidence, rows: providers } = await evidenceBeforeWith(
    trx,
    row.beneficiary_id,
    now,
    organisationIdQuery(trx, provider),
  );
  evidenceCaseOf(evidence, row.beneficiary_id, row.id);
  if (providers.length === 0) throw new DomainError('invalid_reference', 'The providing organisation does not exist.');
  if (input.planItemId !== null && !(await repo.findPlanItem(trx, row.id, input.planItemId)))
    throw new DomainError('invalid_reference', 'The plan item is not one of this case.');
  const s = serviceRow(row, p, input, provider, now);
  await evidenceWrite(trx, evidence, now, { services: [s] }, repo.insertServiceQuery(trx, s));
  return s;
}

/**
 * Records many services (the bulk import's path): the same checks and rows as `addService` one after another, with
 * the providers read once and the services written in multi-row inserts. The caller has read each case as one it
 * may work on (cases.service workableCases). Items without a plan item only. The first failure throws with a
 * pointer `/<index>/...`; nothing is written then. Returns the rows in the order given.
 */
export async function addServicesInBulk(
  trx: Trx,
  p: Principal,
  items: readonly { case: CaseRow; input: ServiceRecord }[],
  now: Date,
): Promise<CaseServiceTable[]> {
  if (items.length === 0) return [];
  items.forEach((x, i) => {
    if (x.input.planItemId !== null) throw new Error('addServicesInBulk: plan items are recorded one at a time');
    checkService(x.case, x.input, now, `/${i}`);
  });
  const anonymised = await anonymisedAmong(
    trx,
    items.map((x) => x.case.beneficiary_id),
  );
  items.forEach((x, i) => {
    if (anonymised.has(x.case.beneficiary_id)) throw anonymisedRefusal(`/${i}`);
  });
  const providers = [...new Set(items.map((x) => x.input.providerOrganisationId ?? x.case.organisation_id))];
  const known = new Set<string>();
  for (let i = 0; i < providers.length; i += 500) {
    const found = await trx
      .selectFrom('organisations')
      .select('id')
      .where('id', 'in', providers.slice(i, i + 500))
      .execute();
    for (const o of found) known.add(o.id);
  }
  const rows = items.map((x, i) => {
    const provider = x.input.providerOrganisationId ?? x.case.organisation_id;
    if (!known.has(provider))
      throw new DomainError('invalid_reference', 'The providing organisation does not exist.', {
        errors: [
          {
            location: 'body',
            pointer: `/${i}/providerOrganisationId`,
            message: 'no such organisation',
            code: 'custom',
          },
        ],
      });
    return serviceRow(x.case, p, x.input, provider, now);
  });
  // Evidence base: aggregates stay fresh (inside an import's deferral, each person's additions are noted).
  const evidence = await evidenceBefore(
    trx,
    items.map((x) => x.case.beneficiary_id),
    now,
  );
  if (evidence.before === null) {
    // Inside an import's deferral: what each person gains is noted before the insert goes out, so that the evidence
    // base derives it while the database inserts (maintain.ts evidenceAdding). An insert that fails fails the import,
    // which then adds nothing.
    const byPerson = new Map<string, { services: CaseServiceTable[] }>();
    rows.forEach((s, i) => {
      const id = items[i]!.case.beneficiary_id;
      const gained = byPerson.get(id);
      if (gained) gained.services.push(s);
      else byPerson.set(id, { services: [s] });
    });
    evidenceAdding(trx, byPerson);
    await repo.insertServices(trx, rows);
  } else {
    await repo.insertServices(trx, rows);
    await evidenceAfter(trx, evidence, now);
  }
  return rows;
}

/**
 * Records, on the referring organisation's case, a service the receiving organisation delivered under a
 * referral (called by the referrals context, which has checked the referral and the basis). The case may be
 * closed meanwhile (ClosedReferred is the usual state): the record still belongs there.
 */
export async function recordReferredService(
  trx: Trx,
  ref: { caseId: string; caseOrganisationId: string; referralId: string; providerOrganisationId: string },
  recordedBy: string,
  input: ServiceInput,
  now: Date,
): Promise<CaseServiceTable> {
  assertCode(serviceType, input.serviceType, '/serviceType');
  assertNotFuture(input.deliveredOn, now, '/deliveredOn');
  const s: CaseServiceTable = {
    id: randomUUID(),
    case_id: ref.caseId,
    organisation_id: ref.caseOrganisationId,
    plan_item_id: null,
    referral_id: ref.referralId,
    service_type: input.serviceType,
    delivered_on: input.deliveredOn,
    provider_organisation_id: ref.providerOrganisationId,
    value_minor: input.valueMinor,
    currency: input.currency,
    description: input.description,
    recorded_by: recordedBy,
    recorded_at: now.toISOString(),
  };
  await repo.insertService(trx, s);
  return s;
}

export const servicesOf = (db: Db, row: CaseRow) => repo.listServices(db, row.id);

/** The services recorded under one referral (for the referral's two sides). */
export const servicesOfReferral = (db: Db, referralId: string) => repo.servicesOfReferral(db, referralId);

// ---- notes

/**
 * Adds a note to the case (also on a closed case: follow-up notes are normal). None for an anonymised person (409,
 * rule `anonymised`); the workflow's notes neither, so their case is not reopened and a closure request on it is not
 * rejected (each keeps its reason as a note), while approving the request still closes it.
 */
export async function addNote(trx: Trx, row: CaseRow, p: Principal, body: string, now: Date) {
  await assertPersonNotAnonymised(trx, row.beneficiary_id);
  const n = {
    id: randomUUID(),
    case_id: row.id,
    organisation_id: row.organisation_id,
    body,
    author: p.userId,
    created_at: now.toISOString(),
  };
  await repo.insertNote(trx, n);
  return n;
}

export const notesOf = (db: Db, row: CaseRow) => repo.listNotes(db, row.id);

// ---- tasks

/** Adds a task to the case; none for an anonymised person (409, rule `anonymised`: its title is free text). */
export async function addTask(
  trx: Trx,
  row: CaseRow,
  p: Principal,
  input: { title: string; dueOn: string; assignedTo: string | null },
  now: Date,
) {
  assertOpen(row);
  if (input.dueOn < dayOf(now)) throw invalidField('/dueOn', 'must not lie in the past', 'not_past');
  await assertPersonNotAnonymised(trx, row.beneficiary_id);
  if (input.assignedTo !== null) await assertCaseStaff(trx, row.organisation_id, input.assignedTo);
  const task = {
    id: randomUUID(),
    case_id: row.id,
    organisation_id: row.organisation_id,
    title: input.title,
    due_on: input.dueOn,
    assigned_to: input.assignedTo,
    done_at: null,
    created_by: p.userId,
    created_at: now.toISOString(),
  };
  await repo.insertTask(trx, task);
  return task;
}

export async function completeTask(trx: Trx, row: CaseRow, taskId: string, now: Date) {
  const task = await repo.findTask(trx, row.id, taskId);
  if (!task) throw notFound('task');
  if (!(await repo.completeTask(trx, taskId, now.toISOString())))
    throw new DomainError('invalid_transition', 'The task is already done.');
  return (await repo.findTask(trx, row.id, taskId))!;
}

export const tasksOf = (db: Db, row: CaseRow) => repo.listTasks(db, row.id);

/** Open tasks past their due date (by the injected clock) on cases the caller may read. */
export function overdueTasksFor(
  db: Db,
  p: Principal,
  now: Date,
  q: { assignedTo?: string | undefined; limit: number },
) {
  const assignedTo = q.assignedTo === 'me' ? p.userId : q.assignedTo;
  return repo.overdueTasks(db, p, dayOf(now), assignedTo, q.limit);
}
