import type { Selectable } from 'kysely';

/** A project of an organisation (capacity building, development grant, integration, regional process). */
export interface ProjectTable {
  id: string;
  organisation_id: string;
  code: string;
  title: string;
  kind: string;
  status: string;
  fund_id: string | null;
  country: string;
  sector: string;
  start_date: string;
  end_date: string;
  budget_minor: number;
  currency: string;
  usd_rate: string;
  budget_usd_minor: number;
  description: string;
  /** ProjectPartner[] as JSON. */
  partners: string;
  /** ProjectPlace[] as JSON. */
  places: string;
  /** ProjectTarget[] as JSON. */
  targets: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type ProjectRow = Selectable<ProjectTable>;

/** What a partner did in one place in one period, and how many people it reached by sex and age (counts only). */
export interface ProjectReportTable {
  id: string;
  project_id: string;
  organisation_id: string;
  period_start: string;
  period_end: string;
  activity: string;
  pcode: string;
  place_name: string;
  partner: string;
  beneficiary_type: string;
  targeted: number;
  reached_women: number;
  reached_men: number;
  reached_girls: number;
  reached_boys: number;
  reported_by: string;
  reported_at: string;
}
export type ProjectReportRow = Selectable<ProjectReportTable>;
