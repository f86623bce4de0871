// Grievance row -> response, per audience. Each presenter names every field that leaves the server: the worker's
// identity appears only in presentIdentity (an audited read) and, when the worker agreed, in the recruiter's view.
import type {
  Grievance,
  GrievanceCategory,
  GrievanceForRecruiter,
  GrievanceForWorker,
  GrievanceOutcome,
  GrievanceSeverity,
  GrievanceStatus,
  GrievanceSummary,
  Locale,
} from '@corridor/contracts';
import { categoriesOf, hasTraffickingIndicators, isAnonymous, isOverdue } from './grievances.service.ts';
import type { GrievanceEventRow, GrievanceMessageRow, GrievanceRow } from './grievances.table.ts';

const status = (r: GrievanceRow) => r.status as GrievanceStatus;
const outcome = (r: GrievanceRow) => r.outcome as GrievanceOutcome | null;

/** A list row for officers: no identity, no description. */
export function presentGrievanceSummary(r: GrievanceRow, now: Date): GrievanceSummary {
  return {
    id: r.id,
    reference: r.reference,
    status: status(r),
    categories: categoriesOf(r),
    severity: r.severity as GrievanceSeverity | null,
    recruiterId: r.recruiter_id,
    recruiterName: r.recruiter_name,
    recruiterLicence: r.recruiter_licence,
    employerName: r.employer_name,
    destinationCountry: r.destination_country,
    assignedTo: r.assigned_to,
    receivedAt: r.received_at,
    firstResponseDue: r.first_response_due,
    firstRespondedAt: r.first_responded_at,
    resolutionDue: r.resolution_due,
    overdue: isOverdue(r, now),
    outcome: outcome(r),
    anonymous: isAnonymous(r),
    traffickingIndicators: hasTraffickingIndicators(r),
    handedOver: r.handed_over_at !== null,
  };
}

/** The officer's grievance page: everything but the worker's identity. */
export function presentGrievance(
  r: GrievanceRow,
  messages: GrievanceMessageRow[],
  events: GrievanceEventRow[],
  now: Date,
): Grievance {
  return {
    ...presentGrievanceSummary(r, now),
    description: r.description,
    language: r.language as Locale,
    recruiterMayKnowIdentity: r.recruiter_may_know_identity === 1,
    handoverConsent: r.handover_consent === 1,
    outcomeSummary: r.outcome_summary,
    closedAt: r.closed_at,
    auditRequestedAt: r.audit_requested_at,
    auditRequestReason: r.audit_request_reason,
    handover:
      r.handover_case_id && r.handover_organisation_id && r.handed_over_at
        ? {
            organisationId: r.handover_organisation_id,
            caseId: r.handover_case_id,
            caseReference: r.handover_case_reference ?? '',
            at: r.handed_over_at,
          }
        : null,
    messages: messages.map((m) => ({
      id: m.id,
      from: m.sender,
      authorId: m.author_id,
      body: m.body,
      at: m.created_at,
    })),
    history: events.map((e) => ({
      action: e.action,
      actorId: e.actor_id,
      at: e.created_at,
      details: JSON.parse(e.details) as Record<string, unknown>,
    })),
    version: r.version,
  };
}

/** The worker's identity, as they left it. */
export function presentIdentity(r: GrievanceRow) {
  return {
    anonymous: isAnonymous(r),
    contact: isAnonymous(r) ? null : { name: r.worker_name, phone: r.worker_phone, email: r.worker_email },
  };
}

/** What the worker sees with their code: no officer names, no severity, no internal history. */
export function presentForWorker(r: GrievanceRow, messages: GrievanceMessageRow[]): GrievanceForWorker {
  return {
    status: status(r),
    outcome: outcome(r),
    outcomeSummary: r.outcome_summary,
    receivedAt: r.received_at,
    firstResponseDue: r.first_response_due,
    categories: categoriesOf(r) as GrievanceCategory[],
    handoverConsent: r.handover_consent === 1,
    handedOver: r.handed_over_at !== null,
    messages: messages.map((m) => ({ from: m.sender, body: m.body, at: m.created_at })),
  };
}

/**
 * What the recruiter concerned may be told: the kind of allegation, never the worker's identity unless the worker
 * agreed. The description and messages are left out too without that agreement: a worker may name themselves in them.
 */
export function presentForRecruiter(r: GrievanceRow): GrievanceForRecruiter {
  return {
    reference: r.reference,
    categories: categoriesOf(r),
    // the worker's own words may identify them (names, dates, places), so they go only with the worker's agreement
    description: r.recruiter_may_know_identity === 1 ? r.description : null,
    employerName: r.employer_name,
    destinationCountry: r.destination_country,
    receivedAt: r.received_at,
    status: status(r),
    outcome: outcome(r),
    worker:
      r.recruiter_may_know_identity === 1 && !isAnonymous(r)
        ? { name: r.worker_name, phone: r.worker_phone, email: r.worker_email }
        : null,
  };
}
