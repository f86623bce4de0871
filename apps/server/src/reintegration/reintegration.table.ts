import type { Selectable } from 'kysely';

export interface ReintegrationPlanTable {
  id: string;
  /** The office holding the plan now (the origin country's once the hand-over is accepted). */
  organisation_id: string;
  /** The host country's office that opened the plan. */
  host_organisation_id: string;
  case_id: string;
  beneficiary_id: string;
  passenger_id: string | null;
  country_of_return: string;
  pcode_of_return: string | null;
  returned_on: string | null;
  /** Quarter of return, e.g. 2026-Q2: the cohort trends are drawn by. */
  cohort: string | null;
  status: string;
  /** JSON minimal profile of the returnee (what the origin office sees). */
  returnee: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type ReintegrationPlanRow = Selectable<ReintegrationPlanTable>;

export interface ReintegrationPlanItemTable {
  id: string;
  plan_id: string;
  dimension: string;
  level: string;
  support: string;
  description: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type ReintegrationPlanItemRow = Selectable<ReintegrationPlanItemTable>;

export interface ReintegrationHandoverTable {
  id: string;
  plan_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  /** sent, accepted, declined. */
  status: string;
  note: string | null;
  sent_by: string;
  sent_at: string;
  decided_by: string | null;
  decided_at: string | null;
}
export type ReintegrationHandoverRow = Selectable<ReintegrationHandoverTable>;

export interface ReintegrationSurveyTable {
  id: string;
  plan_id: string;
  organisation_id: string;
  /** baseline, m3, m6, m12. */
  round: string;
  instrument_version: string;
  conducted_on: string;
  /** JSON: item code -> answer code. */
  answers: string;
  economic: number;
  social: number;
  psychosocial: number;
  composite: number;
  recorded_by: string;
  recorded_at: string;
}
export type ReintegrationSurveyRow = Selectable<ReintegrationSurveyTable>;
