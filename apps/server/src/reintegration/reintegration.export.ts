// Exports of reintegration: one row per returnee with the plan and the latest scored survey (names and the host
// office's case only for caseworkers and supervisors; the same plans the list shows), and one row per cohort and
// survey round with the mean scores (aggregates; a round with fewer than SMALL_CELL returnees is suppressed).
import {
  type ExportReintegrationCohorts,
  type ExportReintegrationPlans,
  REINTEGRATION_ROUNDS,
  type Role,
} from '@corridor/contracts';
import { RESTRICTED_IDENTITY } from '../beneficiaries/beneficiaries.service.ts';
import { assertRows, col, columnsFor, type ExportColumn, grid, personal, text } from '../crises/operations-export.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { presentReturnee } from './reintegration.presenter.ts';
import { cohortTrend, listPlans, returneesRestricted, surveysOfMany } from './reintegration.service.ts';
import type { ReintegrationPlanRow, ReintegrationSurveyRow } from './reintegration.table.ts';

type Returnee = {
  beneficiaryId: string;
  nameLatin: string;
  sex: string | null;
  yearOfBirth: number | null;
  identityHidden: boolean;
};
type PlanLine = {
  plan: ReintegrationPlanRow;
  returnee: Returnee;
  viewer: string;
  latest: ReintegrationSurveyRow | undefined;
  rounds: number;
};

/** Who may take a returnee's name and profile out of Corridor: the staff who work the plan. */
const PLAN_STAFF: readonly Role[] = ['caseworker', 'supervisor'];

const score = (v: number | undefined) => (v === undefined ? '' : String(Math.round(v * 1000) / 1000));

/**
 * Per returnee. Operations officers (who may read plans) get the plan, place, cohort and scores under the plan's
 * opaque id; the returnee's name, sex, year of birth and person id go only to caseworkers and supervisors, and the
 * case id only to the host office that holds the case (as on screen).
 */
export const PLAN_COLUMNS: readonly ExportColumn<PlanLine>[] = [
  col('plan_id', '', (l) => l.plan.id),
  personal(PLAN_STAFF, 'beneficiary_id', '#beneficiary+code', (l) => l.returnee.beneficiaryId),
  personal(PLAN_STAFF, 'returnee_name', '#beneficiary+name', (l) =>
    l.returnee.identityHidden ? RESTRICTED_IDENTITY : l.returnee.nameLatin,
  ),
  personal(PLAN_STAFF, 'sex', '#beneficiary+sex', (l) => text(l.returnee.sex)),
  personal(PLAN_STAFF, 'year_of_birth', '', (l) => text(l.returnee.yearOfBirth)),
  personal(PLAN_STAFF, 'case_id', '', (l) => (l.plan.host_organisation_id === l.viewer ? l.plan.case_id : '')),
  col('held_by', '', (l) =>
    l.plan.organisation_id === l.viewer && l.plan.host_organisation_id !== l.viewer ? 'origin' : 'host',
  ),
  col('country_of_return', '#country+code+return', (l) => l.plan.country_of_return),
  col('pcode_of_return', '#loc+code+return', (l) => text(l.plan.pcode_of_return)),
  col('returned_on', '#date+return', (l) => text(l.plan.returned_on)),
  col('cohort', '', (l) => text(l.plan.cohort)),
  col('status', '#status', (l) => l.plan.status),
  col('surveys', '', (l) => String(l.rounds)),
  col('latest_round', '', (l) => text(l.latest?.round)),
  col('latest_conducted_on', '#date+reported', (l) => text(l.latest?.conducted_on)),
  col('instrument_version', '', (l) => text(l.latest?.instrument_version)),
  col('economic', '#indicator+num+economic', (l) => score(l.latest?.economic)),
  col('social', '#indicator+num+social', (l) => score(l.latest?.social)),
  col('psychosocial', '#indicator+num+psychosocial', (l) => score(l.latest?.psychosocial)),
  col('composite', '#indicator+num+composite', (l) => score(l.latest?.composite)),
];

type CohortLine = { cohort: string; round: string; n: number; suppressed: boolean; means: (number | null)[] };

/** Per cohort and survey round: how many returnees answered and the mean scores (empty when suppressed). */
export const COHORT_COLUMNS: readonly ExportColumn<CohortLine>[] = [
  col('cohort', '', (l) => l.cohort),
  col('round', '', (l) => l.round),
  col('returnees', '#reached+ind', (l) => String(l.n)),
  col('suppressed', '', (l) => (l.suppressed ? 'yes' : 'no')),
  ...(['economic', 'social', 'psychosocial', 'composite'] as const).map((d, i) =>
    col<CohortLine>(`mean_${d}`, `#indicator+num+${d}`, (l) => text(l.means[i])),
  ),
];

const ROUNDS: readonly string[] = REINTEGRATION_ROUNDS;

/** The caller's plans (held or opened), filtered as the list is, with the caller's columns. */
export async function plansTable(db: Db, p: Principal, f: Omit<ExportReintegrationPlans, 'format'>, maxRows: number) {
  const plans = await listPlans(db, p, f, maxRows + 1);
  assertRows(plans.length, maxRows);
  const restricted = await returneesRestricted(db, p, plans);
  const surveys = await surveysOfMany(
    db,
    plans.map((x) => x.id),
  );
  const lines: PlanLine[] = plans.map((plan) => {
    const mine = surveys
      .filter((s) => s.plan_id === plan.id)
      .sort((a, b) => ROUNDS.indexOf(a.round) - ROUNDS.indexOf(b.round));
    return {
      plan,
      returnee: presentReturnee(plan.returnee, restricted.hidden.has(plan.beneficiary_id)),
      viewer: p.organisationId,
      latest: mine.at(-1),
      rounds: mine.length,
    };
  });
  const columns = columnsFor(p, PLAN_COLUMNS);
  // Only the files with the returnees' names show them (the personal columns go to plan staff alone).
  const named = columns.some((c) => c.name === 'returnee_name');
  return { rows: grid(columns, lines), count: lines.length, columns, restrictedShown: named ? restricted.shown : [] };
}

/** Every cohort of the plans the caller's office holds (optionally of one country), oldest first, by round. */
export async function cohortsTable(db: Db, p: Principal, f: Omit<ExportReintegrationCohorts, 'format'>) {
  let q = db
    .selectFrom('reintegration_plans')
    .select('cohort')
    .distinct()
    .where('organisation_id', '=', p.organisationId)
    .where('cohort', 'is not', null);
  if (f.country) q = q.where('country_of_return', '=', f.country);
  const cohorts = (await q.orderBy('cohort').execute()).map((r) => r.cohort as string);
  const lines: CohortLine[] = [];
  for (const cohort of cohorts) {
    const trend = await cohortTrend(db, p.organisationId, { cohort, ...(f.country ? { country: f.country } : {}) });
    for (const r of trend.rounds)
      lines.push({
        cohort,
        round: r.round,
        n: r.n,
        suppressed: r.suppressed,
        means: [r.economic, r.social, r.psychosocial, r.composite],
      });
  }
  return { rows: grid(COHORT_COLUMNS, lines), count: lines.length };
}
