// Rows to responses. Every field that leaves the server is named here, per view (SECURITY.md D4): oversight
// roles get a case's metadata only; lists never carry names or form content; GBV names are hidden by default.
import type {
  Assessment,
  Case,
  CaseAccessGrant,
  CaseForm,
  CaseSummary,
  Note,
  OverdueTask,
  PlanItem,
  Service,
  Task,
} from '@corridor/contracts';
import type { z } from 'zod';
import type { PersonView } from './cases.service.ts';
import { detailsOf } from './cases.service.ts';
import type {
  CaseAccessTable,
  CaseAssessmentTable,
  CaseNoteTable,
  CasePlanItemTable,
  CaseRow,
  CaseServiceTable,
  CaseTaskTable,
} from './cases.table.ts';

type Out<S extends z.ZodType> = z.output<S>;

/** A case in a list, or as a supervisor managing it without reading it: no names, no form. */
export function presentCaseSummary(c: CaseRow): Out<typeof CaseSummary> {
  return {
    id: c.id,
    reference: c.reference,
    type: c.type,
    status: c.status,
    sensitive: c.sensitive === 1,
    assignedTo: c.assigned_to,
    openedOn: c.opened_on,
    closedOn: c.closed_on,
    closureRequested: closurePending(c),
    updatedAt: c.updated_at,
    version: c.version,
  };
}

/** A closure request waits for a decision (once approved, the request stays on record with the case closed). */
const closurePending = (c: CaseRow) => c.closure_requested_at !== null && c.closure_approved_by === null;

/**
 * One case: with its content (`full`: form, person, closure) or its metadata only; `managed`: a supervisor managing
 * a sensitive case they may not read sees its closure request without the reason.
 */
export function presentCase(
  c: CaseRow,
  content: { form: CaseForm; person: PersonView } | null,
  managed = false,
): Out<typeof Case> {
  return {
    id: c.id,
    organisationId: c.organisation_id,
    reference: c.reference,
    type: c.type,
    status: c.status,
    sensitive: c.sensitive === 1,
    assignedTo: c.assigned_to,
    openedOn: c.opened_on,
    closedOn: c.closed_on,
    closureRequested: closurePending(c),
    person: content
      ? {
          id: content.person.id,
          nameLatin: content.person.nameLatin,
          nameOriginal: content.person.nameOriginal,
          namesHidden: content.person.namesHidden,
          anonymised: content.person.anonymised,
        }
      : null,
    form: content ? content.form : null,
    closure:
      (content || managed) && c.closure_requested_by && c.closure_requested_at
        ? {
            requestedBy: c.closure_requested_by,
            requestedAt: c.closure_requested_at,
            reason: content ? (c.closure_reason ?? '') : null,
            referred: detailsOf(c).closureReferred,
            approvedBy: c.closure_approved_by,
          }
        : null,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
  };
}

export function presentGrant(g: CaseAccessTable): Out<typeof CaseAccessGrant> {
  return { userId: g.user_id, grantedBy: g.granted_by, grantedAt: g.granted_at, reason: g.reason };
}

export function presentAssessment(a: CaseAssessmentTable): Out<typeof Assessment> {
  return {
    id: a.id,
    caseId: a.case_id,
    kind: a.kind as Out<typeof Assessment>['kind'],
    completedOn: a.completed_on,
    outcome: a.outcome,
    answers: JSON.parse(a.details) as Out<typeof Assessment>['answers'],
    recordedBy: a.recorded_by,
    recordedAt: a.recorded_at,
  };
}

export function presentPlanItem(i: CasePlanItemTable): Out<typeof PlanItem> {
  return {
    id: i.id,
    caseId: i.case_id,
    planType: i.plan_type,
    description: i.description,
    status: i.status as Out<typeof PlanItem>['status'],
    createdBy: i.created_by,
    createdAt: i.created_at,
    version: i.version,
  };
}

/** A service on the case; who recorded it is not shown when a partner organisation did (their staff stay theirs). */
export function presentService(s: CaseServiceTable): Out<typeof Service> {
  return {
    id: s.id,
    caseId: s.case_id,
    serviceType: s.service_type,
    deliveredOn: s.delivered_on,
    providerOrganisationId: s.provider_organisation_id,
    planItemId: s.plan_item_id,
    referralId: s.referral_id,
    valueMinor: s.value_minor,
    currency: s.currency,
    description: s.description,
    recordedBy: s.referral_id === null ? s.recorded_by : null,
    recordedAt: s.recorded_at,
  };
}

export function presentNote(n: CaseNoteTable): Out<typeof Note> {
  return { id: n.id, caseId: n.case_id, body: n.body, author: n.author, createdAt: n.created_at };
}

/** A task; `overdue` when still open after its due date (`today` by the injected clock). */
export function presentTask(t: CaseTaskTable, today: string): Out<typeof Task> {
  return {
    id: t.id,
    caseId: t.case_id,
    title: t.title,
    dueOn: t.due_on,
    assignedTo: t.assigned_to,
    doneAt: t.done_at,
    overdue: t.done_at === null && t.due_on < today,
    createdBy: t.created_by,
    createdAt: t.created_at,
  };
}

export function presentOverdueTask(
  t: CaseTaskTable & { case_reference: string; case_type: string },
  today: string,
): Out<typeof OverdueTask> {
  return { ...presentTask(t, today), caseReference: t.case_reference, caseType: t.case_type };
}
