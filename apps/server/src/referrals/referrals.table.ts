import type { Selectable } from 'kysely';

export interface ReferralTable {
  id: string;
  case_id: string;
  beneficiary_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  /** One service referred, or null for the whole case. */
  service_type: string | null;
  reason: string;
  /**
   * The workflow state. `revoked` is never stored: it is derived at each request from the consent ledger (an open
   * referral whose basis for the receiver was withdrawn), so a new grant restores access (referrals.service.ts).
   */
  status: 'sent' | 'accepted' | 'declined' | 'service_delivered' | 'closed' | 'revoked';
  message: string | null;
  /** The minimal data set the receiving organisation sees, as JSON, fixed at sending. */
  shared_data: string;
  due_on: string | null;
  sent_by: string;
  sent_at: string;
  responded_by: string | null;
  responded_at: string | null;
  decline_reason: string | null;
  outcome: string | null;
  closed_at: string | null;
  /** The receiving organisation's caseworker the referral is assigned to (set by its supervisors). */
  assigned_to: string | null;
  assigned_at: string | null;
  version: number;
}
export type ReferralRow = Selectable<ReferralTable>;

/** A colleague of the receiving organisation let in to a sensitive referral by one of its supervisors. */
export interface ReferralAccessTable {
  referral_id: string;
  user_id: string;
  granted_by: string;
  granted_at: string;
  reason: string;
}
export type ReferralAccessRow = Selectable<ReferralAccessTable>;
