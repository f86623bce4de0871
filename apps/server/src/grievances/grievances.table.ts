import type { Selectable } from 'kysely';

/** The organisation that receives public grievances (one row, id 1). */
export interface GrievanceDeskTable {
  id: number;
  organisation_id: string;
  first_response_days: number;
  updated_by: string | null;
  updated_at: string;
}
export type GrievanceDeskRow = Selectable<GrievanceDeskTable>;

/** A worker's grievance. The worker's identity is in `worker_*` only; the tracking code only as its hash. */
export interface GrievanceTable {
  id: string;
  organisation_id: string;
  reference: string;
  tracking_hash: string;
  status: string;
  /** Space-delimited codes with a leading and trailing space. */
  categories: string;
  severity: string | null;
  description: string;
  language: string;
  recruiter_id: string | null;
  recruiter_name: string | null;
  recruiter_licence: string | null;
  employer_name: string | null;
  destination_country: string | null;
  worker_name: string | null;
  worker_phone: string | null;
  worker_email: string | null;
  recruiter_may_know_identity: number;
  handover_consent: number;
  assigned_to: string | null;
  received_at: string;
  first_response_due: string;
  first_responded_at: string | null;
  resolution_due: string | null;
  outcome: string | null;
  outcome_summary: string | null;
  closed_at: string | null;
  audit_requested_at: string | null;
  audit_request_reason: string | null;
  handover_organisation_id: string | null;
  handover_case_id: string | null;
  handover_case_reference: string | null;
  handed_over_at: string | null;
  updated_at: string;
  version: number;
}
export type GrievanceRow = Selectable<GrievanceTable>;

/** A message between the worker and the certifying body. */
export interface GrievanceMessageTable {
  id: string;
  grievance_id: string;
  organisation_id: string;
  sender: 'worker' | 'officer';
  author_id: string | null;
  body: string;
  created_at: string;
}
export type GrievanceMessageRow = Selectable<GrievanceMessageTable>;

/** One step in a grievance's history (JSON details, never the worker's identity). */
export interface GrievanceEventTable {
  id: string;
  grievance_id: string;
  organisation_id: string;
  action: string;
  actor_id: string | null;
  details: string;
  created_at: string;
}
export type GrievanceEventRow = Selectable<GrievanceEventTable>;
