// Referral rows to responses. The receiver gets the shared data and the referral's own state, never the case
// (no case id, no case content); the sender gets the same plus the case id.
import type { Referral, ReferralService, ReferralStatus, ReferralSummary, SharedData } from '@corridor/contracts';
import type { z } from 'zod';
import type { CaseServiceTable } from '../cases/cases.table.ts';
import { AWAITING_STATUSES } from './referrals.repository.ts';
import type { Side } from './referrals.service.ts';
import type { ReferralRow } from './referrals.table.ts';

const sharedOf = (r: ReferralRow): SharedData => JSON.parse(r.shared_data) as SharedData;

/** Past its due date while the receiver has still to act (by the injected clock's day). */
const isOverdue = (r: ReferralRow, status: ReferralStatus, today: string): boolean =>
  r.due_on !== null && r.due_on < today && (AWAITING_STATUSES as readonly string[]).includes(status);

export function presentReferralService(s: CaseServiceTable): z.output<typeof ReferralService> {
  return {
    id: s.id,
    serviceType: s.service_type,
    deliveredOn: s.delivered_on,
    providerOrganisationId: s.provider_organisation_id,
    valueMinor: s.value_minor,
    currency: s.currency,
    description: s.description,
    recordedAt: s.recorded_at,
  };
}

/**
 * The referral as `side` sees it. `restricted`: the caller manages it without seeing the person (a supervisor or
 * administrator of the receiving organisation on a sensitive referral assigned to someone else): the person and
 * the free text about them (message, outcome, reason for declining) are withheld (the caller gives no services, so
 * none are passed).
 */
export function presentReferral(
  r: ReferralRow,
  side: Side,
  status: ReferralStatus,
  services: CaseServiceTable[],
  today: string,
  restricted = false,
): z.output<typeof Referral> {
  const shared = sharedOf(r);
  return {
    id: r.id,
    direction: side,
    caseId: side === 'outgoing' ? r.case_id : null,
    fromOrganisationId: r.from_organisation_id,
    toOrganisationId: r.to_organisation_id,
    serviceType: r.service_type,
    reason: r.reason,
    message: restricted ? null : r.message,
    status,
    dueOn: r.due_on,
    overdue: isOverdue(r, status, today),
    sentAt: r.sent_at,
    respondedAt: r.responded_at,
    declineReason: restricted ? null : r.decline_reason,
    outcome: restricted ? null : r.outcome,
    closedAt: r.closed_at,
    sharedData: restricted ? { ...shared, person: null } : shared,
    services: services.map(presentReferralService),
    assignedTo: side === 'incoming' ? r.assigned_to : null,
    restricted,
    version: r.version,
  };
}

/** A referral in the inbox or outbox: its state, no person data. */
export function presentReferralSummary(
  r: ReferralRow,
  side: Side,
  status: ReferralStatus,
  today: string,
): z.output<typeof ReferralSummary> {
  return {
    id: r.id,
    direction: side,
    caseId: side === 'outgoing' ? r.case_id : null,
    fromOrganisationId: r.from_organisation_id,
    toOrganisationId: r.to_organisation_id,
    caseType: sharedOf(r).caseType,
    serviceType: r.service_type,
    reason: r.reason,
    status,
    dueOn: r.due_on,
    overdue: isOverdue(r, status, today),
    sentAt: r.sent_at,
    assignedTo: side === 'incoming' ? r.assigned_to : null,
  };
}
