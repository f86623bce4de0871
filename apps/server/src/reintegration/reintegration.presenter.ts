// Reintegration plans as the API shows them. The origin office sees the returnee's minimal profile (frozen when
// the plan was opened), never the host office's case; survey answers only reach the office holding the plan.
import type { ReintegrationPlan, ReintegrationPlanSummary } from '@corridor/contracts';
import type {
  ReintegrationHandoverRow,
  ReintegrationPlanItemRow,
  ReintegrationPlanRow,
  ReintegrationSurveyRow,
} from './reintegration.table.ts';

type Plan = ReintegrationPlan;

export const presentItem = (i: ReintegrationPlanItemRow): Plan['items'][number] => ({
  id: i.id,
  dimension: i.dimension as Plan['items'][number]['dimension'],
  level: i.level as Plan['items'][number]['level'],
  support: i.support,
  description: i.description,
  status: i.status as Plan['items'][number]['status'],
  createdAt: i.created_at,
});

export const presentSurvey = (s: ReintegrationSurveyRow, withAnswers: boolean): Plan['surveys'][number] => ({
  id: s.id,
  round: s.round as Plan['surveys'][number]['round'],
  instrumentVersion: s.instrument_version,
  conductedOn: s.conducted_on,
  scores: { economic: s.economic, social: s.social, psychosocial: s.psychosocial, composite: s.composite },
  answers: withAnswers ? (JSON.parse(s.answers) as Record<string, string>) : {},
  recordedAt: s.recorded_at,
});

export const presentHandover = (h: ReintegrationHandoverRow): Plan['handovers'][number] => ({
  id: h.id,
  planId: h.plan_id,
  fromOrganisationId: h.from_organisation_id,
  toOrganisationId: h.to_organisation_id,
  status: h.status as Plan['handovers'][number]['status'],
  note: h.note,
  sentAt: h.sent_at,
  decidedAt: h.decided_at,
});

const ROUND_ORDER = ['baseline', 'm3', 'm6', 'm12'];
const byRound = (a: ReintegrationSurveyRow, b: ReintegrationSurveyRow) =>
  ROUND_ORDER.indexOf(a.round) - ROUND_ORDER.indexOf(b.round);

/**
 * A plan's returnee as stored (the profile frozen when the plan was opened), or without identity when they are
 * restricted from the viewer (`hidden`).
 */
export function presentReturnee(stored: string, hidden: boolean): Plan['returnee'] {
  const r = JSON.parse(stored) as Omit<Plan['returnee'], 'identityHidden'>;
  if (!hidden) return { ...r, identityHidden: false };
  return {
    beneficiaryId: r.beneficiaryId,
    nameLatin: '',
    sex: null,
    yearOfBirth: null,
    citizenships: [],
    identityHidden: true,
  };
}

export function presentPlan(
  viewerOrg: string,
  p: ReintegrationPlanRow,
  items: ReintegrationPlanItemRow[],
  surveys: ReintegrationSurveyRow[],
  handovers: ReintegrationHandoverRow[],
  hidden = false,
): Plan {
  const holder = p.organisation_id === viewerOrg;
  return {
    id: p.id,
    organisationId: p.organisation_id,
    hostOrganisationId: p.host_organisation_id,
    caseId: p.host_organisation_id === viewerOrg ? p.case_id : null,
    passengerId: p.host_organisation_id === viewerOrg ? p.passenger_id : null,
    returnee: presentReturnee(p.returnee, hidden),
    countryOfReturn: p.country_of_return,
    pcodeOfReturn: p.pcode_of_return,
    returnedOn: p.returned_on,
    cohort: p.cohort,
    status: p.status as Plan['status'],
    items: items.map(presentItem),
    surveys: [...surveys].sort(byRound).map((s) => presentSurvey(s, holder)),
    handovers: handovers.map(presentHandover),
    createdAt: p.created_at,
    version: p.version,
  };
}

export function presentPlanSummary(
  viewerOrg: string,
  p: ReintegrationPlanRow,
  surveys: ReintegrationSurveyRow[],
  hidden = false,
): ReintegrationPlanSummary {
  const latest = [...surveys].sort(byRound).at(-1);
  return {
    id: p.id,
    returneeName: hidden ? '' : (JSON.parse(p.returnee) as { nameLatin: string }).nameLatin,
    identityHidden: hidden,
    countryOfReturn: p.country_of_return,
    cohort: p.cohort,
    status: p.status as ReintegrationPlanSummary['status'],
    held: p.organisation_id === viewerOrg && p.host_organisation_id !== viewerOrg ? 'origin' : 'host',
    latest: latest ? { round: latest.round as 'baseline', composite: latest.composite } : null,
  };
}
