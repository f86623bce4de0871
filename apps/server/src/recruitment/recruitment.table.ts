import type { Selectable } from 'kysely';

/** A labour recruiter (one private-sector organisation), with its current certification's public facts. */
export interface RecruiterTable {
  id: string;
  organisation_id: string;
  name: string;
  /** The name lower-cased with accents and marks stripped (foldForSearch). */
  name_folded: string;
  licence_number: string;
  /** The licence number upper-cased with spaces, dots, dashes and slashes removed. */
  licence_folded: string;
  licensing_authority: string;
  licence_country: string;
  licence_expires_on: string | null;
  /** Countries of operation, " BGD ARE " (leading and trailing space). */
  countries: string;
  /** Corridors served, " BGD>ARE NPL>QAT ". */
  corridors: string;
  /** Sectors, " construction domestic_work ". */
  sectors: string;
  /** JSON array of employer names. */
  employers: string;
  /** none | applied | in_audit | certified | suspended | withdrawn | refused (expiry is computed from cert_expires_at). */
  cert_status: string;
  cert_number: string | null;
  cert_expires_at: string | null;
  cert_changed_at: string | null;
  cert_reason: string | null;
  demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}
export type RecruiterRow = Selectable<RecruiterTable>;

/** One certification cycle of a recruiter. */
export interface CertificationTable {
  id: string;
  recruiter_id: string;
  status: string;
  applied_at: string;
  applied_by: string;
  self_assessment: string | null;
  self_assessed_at: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  certificate_number: string | null;
  issued_at: string | null;
  expires_at: string | null;
  suspended_at: string | null;
  withdrawn_at: string | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}
export type CertificationRow = Selectable<CertificationTable>;

/** An audit of a recruiter: initial, surveillance or for cause. */
export interface CertificationAuditTable {
  id: string;
  recruiter_id: string;
  certification_id: string | null;
  kind: string;
  status: string;
  auditor_user_id: string | null;
  scheduled_for: string | null;
  completed_at: string | null;
  summary: string | null;
  reason: string | null;
  source: string | null;
  source_ref: string | null;
  requested_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}
export type CertificationAuditRow = Selectable<CertificationAuditTable>;

/** A finding of an audit against one criterion, with its corrective action. */
export interface AuditFindingTable {
  id: string;
  audit_id: string;
  recruiter_id: string;
  principle: string;
  criterion: string;
  severity: string;
  description: string;
  status: string;
  action_plan: string | null;
  action_due_on: string | null;
  action_planned_at: string | null;
  evidence: string | null;
  evidence_at: string | null;
  verified_at: string | null;
  verified_by: string | null;
  verification_note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type AuditFindingRow = Selectable<AuditFindingTable>;

/** One step of a recruiter's certification history. */
export interface CertificationEventTable {
  id: string;
  recruiter_id: string;
  seq: number;
  certification_id: string | null;
  audit_id: string | null;
  finding_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  actor_user_id: string | null;
  at: string;
}
export type CertificationEventRow = Selectable<CertificationEventTable>;

/** The public register's generation counter (one row, id 1). */
export interface RecruiterRegisterStateTable {
  id: number;
  generation: number;
}
