import type { ChildAssent, ConsentAction, ConsentEvent, ConsentPurpose, LegalBasis } from '@corridor/contracts';
import type { ConsentStateRow } from './consent.service.ts';
import type { ConsentEventRow } from './consent.table.ts';

/** One ledger event, every field named. */
export function presentConsentEvent(e: ConsentEventRow): ConsentEvent {
  return {
    id: e.id,
    beneficiaryId: e.beneficiary_id,
    purpose: e.purpose as ConsentPurpose,
    recipientOrganisationId: e.recipient_organisation_id,
    basis: e.basis as LegalBasis,
    action: e.action as ConsentAction,
    informationGiven: e.information_given,
    childAssent: e.child_assent as ChildAssent | null,
    recordedBy: e.recorded_by,
    recordedAt: e.recorded_at,
    expiresAt: e.expires_at,
  };
}

/** The current state of one purpose and recipient. */
export const presentConsentState = (s: ConsentStateRow) => ({
  purpose: s.purpose,
  recipientOrganisationId: s.recipientOrganisationId,
  status: s.status,
  basis: s.basis,
  since: s.since,
  expiresAt: s.expiresAt,
  eventId: s.eventId,
});
