import type { Selectable } from 'kysely';

export interface CaseTable {
  id: string;
  organisation_id: string;
  beneficiary_id: string;
  /** Human reference unique in the organisation, e.g. VOT-2026-000042. */
  reference: string;
  type: string;
  status: string;
  /** 1 for trafficking, GBV and child cases: visible only to assigned or permitted staff. */
  sensitive: number;
  assigned_to: string | null;
  opened_on: string;
  closed_on: string | null;
  closure_requested_by: string | null;
  closure_requested_at: string | null;
  closure_reason: string | null;
  closure_approved_by: string | null;
  /**
   * JSON `{ form, closureReferred }`: the type-specific form without its coded fields (those are case_codes rows;
   * see case-forms.ts), and whether a pending closure request is for ClosedReferred.
   */
  details: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}
export type CaseRow = Selectable<CaseTable>;

export interface CaseCodeTable {
  case_id: string;
  organisation_id: string;
  vocabulary: string;
  code: string;
}

/** A case's reference kept after the case was erased, so it is never given again (db/references.ts). */
export interface RetiredReferenceTable {
  organisation_id: string;
  reference: string;
  retired_at: string;
}

export interface CaseAccessTable {
  case_id: string;
  user_id: string;
  granted_by: string;
  granted_at: string;
  reason: string;
}

export interface CaseAssessmentTable {
  id: string;
  case_id: string;
  organisation_id: string;
  kind: string;
  completed_on: string | null;
  outcome: string | null;
  details: string;
  recorded_by: string;
  recorded_at: string;
}

export interface CasePlanItemTable {
  id: string;
  case_id: string;
  organisation_id: string;
  plan_type: string;
  description: string;
  status: string;
  created_by: string;
  created_at: string;
  /** Optimistic concurrency: updates need If-Match with it. */
  version: number;
}

export interface CaseServiceTable {
  id: string;
  case_id: string;
  /** The organisation that owns the case. */
  organisation_id: string;
  plan_item_id: string | null;
  referral_id: string | null;
  service_type: string;
  delivered_on: string;
  provider_organisation_id: string;
  /** Value in minor units of `currency` (cents). */
  value_minor: number | null;
  currency: string | null;
  description: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface CaseNoteTable {
  id: string;
  case_id: string;
  organisation_id: string;
  body: string;
  author: string;
  created_at: string;
}

export interface CaseTaskTable {
  id: string;
  case_id: string;
  organisation_id: string;
  title: string;
  due_on: string;
  assigned_to: string | null;
  done_at: string | null;
  created_by: string;
  created_at: string;
}
