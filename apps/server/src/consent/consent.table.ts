import type { Selectable } from 'kysely';

/** One event of the consent and legal-basis ledger (append-only). */
export interface ConsentEventTable {
  id: string;
  /** The organisation holding the record (and recording the event). */
  organisation_id: string;
  beneficiary_id: string;
  purpose: string;
  /** For referral purposes: the organisation data may go to. */
  recipient_organisation_id: string | null;
  basis: string;
  action: 'grant' | 'withdraw';
  information_given: string | null;
  child_assent: string | null;
  recorded_by: string;
  recorded_at: string;
  expires_at: string | null;
}
export type ConsentEventRow = Selectable<ConsentEventTable>;
