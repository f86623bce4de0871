// SQL of reintegration plans, their items, hand-overs between offices and scored surveys.
import type { ConsentEventRow } from '../consent/consent.table.ts';
import type { Db, Trx } from '../db/database.ts';
import type {
  ReintegrationHandoverRow,
  ReintegrationPlanItemRow,
  ReintegrationPlanRow,
  ReintegrationSurveyRow,
} from './reintegration.table.ts';

export const findPlan = (db: Db, id: string): Promise<ReintegrationPlanRow | undefined> =>
  db.selectFrom('reintegration_plans').selectAll().where('id', '=', id).executeTakeFirst();

export const planOfCase = (db: Db, caseId: string) =>
  db.selectFrom('reintegration_plans').select('id').where('case_id', '=', caseId).executeTakeFirst();

export async function insertPlan(trx: Trx, row: ReintegrationPlanRow): Promise<void> {
  await trx.insertInto('reintegration_plans').values(row).execute();
}

/** Updates a plan's fields if it is still at `version`. */
export async function updatePlan(trx: Trx, id: string, version: number, fields: Partial<ReintegrationPlanRow>) {
  const r = await trx
    .updateTable('reintegration_plans')
    .set({ ...fields, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type PlanFilter = { country?: string; cohort?: string; status?: string };

/** Plans held by the organisation or opened by it as host office. */
export function plansVisibleTo(
  db: Db,
  organisationId: string,
  f: PlanFilter,
  limit = 1000,
): Promise<ReintegrationPlanRow[]> {
  let q = db
    .selectFrom('reintegration_plans')
    .selectAll()
    .where((eb) =>
      eb.or([eb('organisation_id', '=', organisationId), eb('host_organisation_id', '=', organisationId)]),
    );
  if (f.country) q = q.where('country_of_return', '=', f.country);
  if (f.cohort) q = q.where('cohort', '=', f.cohort);
  if (f.status) q = q.where('status', '=', f.status);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export const itemsOf = (db: Db, planId: string): Promise<ReintegrationPlanItemRow[]> =>
  db
    .selectFrom('reintegration_plan_items')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const findItem = (db: Db, id: string): Promise<ReintegrationPlanItemRow | undefined> =>
  db.selectFrom('reintegration_plan_items').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertItem(trx: Trx, row: ReintegrationPlanItemRow): Promise<void> {
  await trx.insertInto('reintegration_plan_items').values(row).execute();
}

export async function setItemStatus(trx: Trx, id: string, status: string, at: string): Promise<void> {
  await trx.updateTable('reintegration_plan_items').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export const handoversOf = (db: Db, planId: string): Promise<ReintegrationHandoverRow[]> =>
  db.selectFrom('reintegration_handovers').selectAll().where('plan_id', '=', planId).orderBy('sent_at').execute();

export const findHandover = (db: Db, id: string): Promise<ReintegrationHandoverRow | undefined> =>
  db.selectFrom('reintegration_handovers').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertHandover(trx: Trx, row: ReintegrationHandoverRow): Promise<void> {
  await trx.insertInto('reintegration_handovers').values(row).execute();
}

/** Decides a hand-over still `sent`; returns whether it was. */
export async function decideHandoverRow(trx: Trx, id: string, status: string, by: string, at: string) {
  const r = await trx
    .updateTable('reintegration_handovers')
    .set({ status, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Hand-overs addressed to an organisation and not yet decided, with the plan's returnee profile. */
export const pendingHandoversTo = (db: Db, organisationId: string) =>
  db
    .selectFrom('reintegration_handovers')
    .innerJoin('reintegration_plans', 'reintegration_plans.id', 'reintegration_handovers.plan_id')
    .selectAll('reintegration_handovers')
    .select([
      'reintegration_plans.beneficiary_id',
      'reintegration_plans.returnee',
      'reintegration_plans.country_of_return',
    ])
    .where('reintegration_handovers.to_organisation_id', '=', organisationId)
    .where('reintegration_handovers.status', '=', 'sent')
    .orderBy('reintegration_handovers.sent_at')
    .limit(500)
    .execute();

/** Every `referral` consent event of several returnees towards one organisation (the pending list's basis check). */
export async function referralEventsTo(
  db: Db,
  beneficiaryIds: readonly string[],
  recipientOrganisationId: string,
): Promise<ConsentEventRow[]> {
  const ids = [...new Set(beneficiaryIds)];
  const out: ConsentEventRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('consent_events')
        .selectAll()
        .where('beneficiary_id', 'in', ids.slice(i, i + 500))
        .where('purpose', '=', 'referral')
        .where('recipient_organisation_id', '=', recipientOrganisationId)
        .execute()),
    );
  }
  return out;
}

export const surveysOf = (db: Db, planId: string): Promise<ReintegrationSurveyRow[]> =>
  db.selectFrom('reintegration_surveys').selectAll().where('plan_id', '=', planId).orderBy('conducted_on').execute();

/** The surveys of many plans (list view: latest score). */
export async function surveysOfMany(db: Db, planIds: string[]): Promise<ReintegrationSurveyRow[]> {
  const out: ReintegrationSurveyRow[] = [];
  for (let i = 0; i < planIds.length; i += 500) {
    const chunk = planIds.slice(i, i + 500);
    out.push(...(await db.selectFrom('reintegration_surveys').selectAll().where('plan_id', 'in', chunk).execute()));
  }
  return out;
}

export async function insertSurvey(trx: Trx, row: ReintegrationSurveyRow): Promise<void> {
  await trx.insertInto('reintegration_surveys').values(row).execute();
}

/**
 * Mean scores per round over the surveys of plans an organisation holds (optionally one country of return and
 * one cohort), with the number of surveys: the cohort trend before small-cell suppression.
 */
export async function meansByRound(
  db: Db,
  organisationId: string,
  f: { country?: string; cohort?: string; from?: string; to?: string },
) {
  let q = db
    .selectFrom('reintegration_surveys')
    .innerJoin('reintegration_plans', 'reintegration_plans.id', 'reintegration_surveys.plan_id')
    .select((eb) => [
      'reintegration_surveys.round',
      eb.fn.countAll<number>().as('n'),
      eb.fn.avg<number>('reintegration_surveys.economic').as('economic'),
      eb.fn.avg<number>('reintegration_surveys.social').as('social'),
      eb.fn.avg<number>('reintegration_surveys.psychosocial').as('psychosocial'),
      eb.fn.avg<number>('reintegration_surveys.composite').as('composite'),
    ])
    .where('reintegration_plans.organisation_id', '=', organisationId);
  if (f.country) q = q.where('reintegration_plans.country_of_return', '=', f.country);
  if (f.cohort) q = q.where('reintegration_plans.cohort', '=', f.cohort);
  if (f.from) q = q.where('reintegration_surveys.conducted_on', '>=', f.from);
  if (f.to) q = q.where('reintegration_surveys.conducted_on', '<=', f.to);
  const rows = await q.groupBy('reintegration_surveys.round').execute();
  return rows.map((r) => ({
    round: r.round,
    n: Number(r.n),
    economic: Number(r.economic),
    social: Number(r.social),
    psychosocial: Number(r.psychosocial),
    composite: Number(r.composite),
  }));
}
