import type { ActivityReport, Project, ProjectKind, ProjectStatus } from '@corridor/contracts';
import { fromMinor } from '../funds/money.ts';
import type { ProjectReportRow, ProjectRow } from './projects.table.ts';

type Reached = { women: number; men: number; girls: number; boys: number; reports: number };
const NONE: Reached = { women: 0, men: 0, girls: 0, boys: 0, reports: 0 };

/** A project with its partners, places, targets and totals reached. */
export function presentProject(p: ProjectRow, reached: Reached | undefined): Project {
  const r = reached ?? NONE;
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    kind: p.kind as ProjectKind,
    status: p.status as ProjectStatus,
    fundId: p.fund_id,
    country: p.country,
    sector: p.sector,
    startDate: p.start_date,
    endDate: p.end_date,
    budget: fromMinor(Number(p.budget_minor)),
    currency: p.currency,
    usdRate: p.usd_rate,
    budgetUsd: fromMinor(Number(p.budget_usd_minor)),
    description: p.description,
    partners: JSON.parse(p.partners),
    places: JSON.parse(p.places),
    targets: JSON.parse(p.targets),
    reached: { women: r.women, men: r.men, girls: r.girls, boys: r.boys },
    reportCount: r.reports,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    version: p.version,
  };
}

/** An activity report (counts only). */
export function presentReport(r: ProjectReportRow): ActivityReport {
  return {
    id: r.id,
    projectId: r.project_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    activity: r.activity,
    pcode: r.pcode,
    placeName: r.place_name,
    partner: r.partner,
    beneficiaryType: r.beneficiary_type,
    targeted: r.targeted,
    reached: { women: r.reached_women, men: r.reached_men, girls: r.reached_girls, boys: r.reached_boys },
    reportedAt: r.reported_at,
  };
}
