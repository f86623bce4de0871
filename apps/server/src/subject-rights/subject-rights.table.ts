/** ISO 8601 timestamp text (both engines). */
type Ts = string;

/** A subject-rights request for a restricted person, filed by staff on their sensitive case (requests.service.ts). */
export interface SubjectRightsRequestTable {
  id: string;
  organisation_id: string;
  /** Null once the person is erased (the request stays, saying it was carried out). */
  beneficiary_id: string | null;
  kind: 'access' | 'erase' | 'anonymise';
  /** A reason code (ErasureReason), never free text. */
  reason: string;
  /** `closed`: still open when the person was erased (by another request or directly); nothing left to do. */
  status: 'pending' | 'approved' | 'refused' | 'withdrawn' | 'done' | 'closed';
  requested_by: string;
  requested_at: Ts;
  decided_by: string | null;
  decided_at: Ts | null;
  /** Erasure carried out, or the copy first downloaded. */
  completed_at: Ts | null;
}
