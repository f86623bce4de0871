// Use cases of return and reintegration: a plan per returnee opened on their assisted voluntary return case, plan
// items by dimension and level, the hand-over of the plan from the host country's office to the origin country's
// (which then holds it and runs the follow-ups), scored surveys, and trends per returnee and per cohort.
import { randomUUID } from 'node:crypto';
import type {
  CreateReintegrationPlan,
  CreateReintegrationPlanItem,
  RecordReintegrationSurvey,
  ReintegrationCohortTrend,
  ReintegrationRound,
} from '@corridor/contracts';
import { REINTEGRATION_ROUNDS } from '@corridor/contracts';
import { codesOf, getBeneficiary, restrictedAmong } from '../beneficiaries/beneficiaries.service.ts';
import { getWorkableCase, loadForm } from '../cases/cases.service.ts';
import { currentBasis, requireBasis } from '../consent/consent.service.ts';
import type { ConsentEventRow } from '../consent/consent.table.ts';
import { assertPcodesOf } from '../crises/pcodes.ts';
import type { Db, Trx } from '../db/database.ts';
import { conflict, DomainError, invalidField, invalidFields, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisation } from '../identity/identity.repository.ts';
import { getPassenger } from '../movements/movements.service.ts';
import * as repo from './reintegration.repository.ts';
import type { ReintegrationPlanRow, ReintegrationSurveyRow } from './reintegration.table.ts';
import { scoreSurvey } from './scoring.ts';
import { currentInstrument, instrumentOf } from './survey-instrument.ts';

/** The quarter of a day, e.g. 2026-Q2: the cohort a returnee belongs to. */
export const cohortOf = (day: string): string =>
  `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** A plan the caller's organisation holds or opened as host office; 404 otherwise. */
export async function getPlan(db: Db, p: Principal, id: string): Promise<ReintegrationPlanRow> {
  const plan = await repo.findPlan(db, id);
  if (!plan || (plan.organisation_id !== p.organisationId && plan.host_organisation_id !== p.organisationId))
    throw notFound('reintegration plan');
  return plan;
}

/** A plan the caller's organisation holds now (only the holder changes it); 404 otherwise. */
export async function getHeldPlan(db: Db, p: Principal, id: string): Promise<ReintegrationPlanRow> {
  const plan = await getPlan(db, p, id);
  if (plan.organisation_id !== p.organisationId)
    throw new DomainError('invalid_transition', 'The plan was handed over to the origin country’s office.');
  return plan;
}

/** Opens a reintegration plan on a returnee's assisted voluntary return case (one plan per case). */
export async function createPlan(trx: Trx, p: Principal, input: CreateReintegrationPlan, now: Date) {
  const c = await getWorkableCase(trx, p, input.caseId).catch(() => {
    throw new DomainError('invalid_reference', 'The case does not exist.');
  });
  if (c.type !== 'avrr') throw invalidField('/caseId', 'must be an assisted voluntary return case');
  if (await repo.planOfCase(trx, c.id)) throw conflict('The case already has a reintegration plan.');
  const form = await loadForm(trx, c);
  if (form.type !== 'avrr') throw invalidField('/caseId', 'must be an assisted voluntary return case');
  assertPcodesOf(form.countryOfReturn, [{ pointer: '/pcodeOfReturn', pcode: input.pcodeOfReturn }]);
  const b = await getBeneficiary(trx, p, c.beneficiary_id);
  let returnedOn = input.returnedOn;
  if (input.passengerId !== null) {
    const x = await getPassenger(trx, p, input.passengerId).catch(() => {
      throw new DomainError('invalid_reference', 'The passenger does not exist.');
    });
    if (x.beneficiary_id !== b.id) throw invalidField('/passengerId', 'is not this returnee');
    if (returnedOn === null && x.arrived_at) returnedOn = x.arrived_at.slice(0, 10);
  }
  const year = b.date_of_birth ? Number(b.date_of_birth.slice(0, 4)) : Number.NaN;
  const at = now.toISOString();
  const row: ReintegrationPlanRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    host_organisation_id: p.organisationId,
    case_id: c.id,
    beneficiary_id: b.id,
    passenger_id: input.passengerId,
    country_of_return: form.countryOfReturn,
    pcode_of_return: input.pcodeOfReturn,
    returned_on: returnedOn,
    cohort: returnedOn ? cohortOf(returnedOn) : null,
    status: 'draft',
    returnee: JSON.stringify({
      beneficiaryId: b.id,
      nameLatin: b.name_latin,
      sex: b.sex,
      yearOfBirth: Number.isInteger(year) ? year : null,
      citizenships: codesOf(b.citizenships),
    }),
    created_by: p.userId,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  await repo.insertPlan(trx, row);
  return row;
}

/** Records the return date (and so the cohort) once the returnee has arrived. */
export async function recordReturn(trx: Trx, p: Principal, id: string, returnedOn: string, now: Date) {
  const plan = await getHeldPlan(trx, p, id);
  if (
    !(await repo.updatePlan(trx, plan.id, plan.version, {
      returned_on: returnedOn,
      cohort: cohortOf(returnedOn),
      updated_at: now.toISOString(),
    }))
  )
    throw new DomainError('precondition_failed', 'The plan changed meanwhile.');
  return (await repo.findPlan(trx, plan.id))!;
}

/** Adds a support item to a plan that is not completed (its twelve-month survey recorded). */
export async function addItem(trx: Trx, p: Principal, id: string, input: CreateReintegrationPlanItem, now: Date) {
  const plan = await getHeldPlan(trx, p, id);
  if (plan.status === 'completed')
    throw new DomainError(
      'invalid_transition',
      'The plan is completed (its twelve-month survey is recorded); no support is added to it.',
    );
  const at = now.toISOString();
  const row = {
    id: randomUUID(),
    plan_id: plan.id,
    dimension: input.dimension,
    level: input.level,
    support: input.support,
    description: input.description,
    status: 'planned',
    created_by: p.userId,
    created_at: at,
    updated_at: at,
  };
  await repo.insertItem(trx, row);
  return { plan, item: row };
}

/** Changes a support item's status. */
export async function setItemStatus(trx: Trx, p: Principal, itemId: string, status: string, now: Date) {
  const item = await repo.findItem(trx, itemId);
  if (!item) throw notFound('plan item');
  const plan = await repo.findPlan(trx, item.plan_id);
  if (!plan || plan.organisation_id !== p.organisationId) throw notFound('plan item');
  await repo.setItemStatus(trx, item.id, status, now.toISOString());
  return { plan, item: (await repo.findItem(trx, item.id))! };
}

/**
 * Sends the plan to the origin country's office. Needs a basis for sharing the returnee with that office (the
 * consent ledger's `referral` purpose for that recipient), and only the host office sends, once.
 */
export async function sendHandover(
  trx: Trx,
  p: Principal,
  id: string,
  input: { toOrganisationId: string; note: string | null },
  now: Date,
) {
  const plan = await getHeldPlan(trx, p, id);
  if (plan.host_organisation_id !== p.organisationId)
    throw new DomainError('invalid_transition', 'Only the host office hands a plan over.');
  const to = await findOrganisation(trx, input.toOrganisationId);
  if (!to || to.id === p.organisationId)
    throw new DomainError('invalid_reference', 'The receiving office is not another organisation on Corridor.');
  if ((await repo.handoversOf(trx, plan.id)).some((h) => h.status === 'sent'))
    throw conflict('A hand-over of this plan is waiting for a decision.');
  // Handing a restricted returnee's profile to another office is for staff on their sensitive case.
  if ((await returneesRestricted(trx, p, [plan])).hidden.size > 0)
    throw new DomainError(
      'forbidden',
      'The returnee is restricted (a sensitive case): only staff on that case may hand the plan over.',
    );
  await requireBasis(
    trx,
    { beneficiaryId: plan.beneficiary_id, purpose: 'referral', recipientOrganisationId: to.id },
    now,
  );
  const row = {
    id: randomUUID(),
    plan_id: plan.id,
    from_organisation_id: p.organisationId,
    to_organisation_id: to.id,
    status: 'sent',
    note: input.note,
    sent_by: p.userId,
    sent_at: now.toISOString(),
    decided_by: null,
    decided_at: null,
  };
  await repo.insertHandover(trx, row);
  return { plan, handover: row };
}

/**
 * Which of these returnees the organisation still has a basis to receive (`referral` towards it) at `now`: the
 * consent ledger's currentBasis for many people in one query. Per person the latest event decides, in the ledger's
 * order, and a grant that has expired (at `now` or before) gives none.
 */
async function referralBasesTo(db: Db, beneficiaryIds: string[], organisationId: string, now: Date) {
  const latest = new Map<string, ConsentEventRow>();
  for (const e of await repo.referralEventsTo(db, beneficiaryIds, organisationId)) {
    const seen = latest.get(e.beneficiary_id);
    if (!seen || e.recorded_at > seen.recorded_at || (e.recorded_at === seen.recorded_at && e.id > seen.id))
      latest.set(e.beneficiary_id, e);
  }
  const valid = new Set<string>();
  for (const [id, e] of latest)
    if (e.action === 'grant' && (e.expires_at === null || Date.parse(e.expires_at) > now.getTime())) valid.add(id);
  return valid;
}

/**
 * Hand-overs addressed to the caller's office and waiting for a decision. As in the referrals inbox, those whose
 * basis for sharing the returnee with this office was withdrawn (or lapsed) since they were sent are left out:
 * the list carries the returnee's profile. A new grant brings them back.
 */
export async function pendingHandovers(db: Db, p: Principal, now: Date) {
  const rows = await repo.pendingHandoversTo(db, p.organisationId);
  const held = await referralBasesTo(
    db,
    rows.map((h) => h.beneficiary_id),
    p.organisationId,
    now,
  );
  return rows.filter((h) => held.has(h.beneficiary_id));
}

/**
 * The origin office accepts (it then holds the plan) or declines a hand-over addressed to it. The basis is checked
 * again, as for a referral: once it is withdrawn the hand-over is 404 to the receiver, exactly as one that does
 * not exist (and it stays undecided, so a new grant lets the office decide it).
 */
export async function decideHandover(trx: Trx, p: Principal, handoverId: string, accept: boolean, now: Date) {
  const h = await repo.findHandover(trx, handoverId);
  if (!h || h.to_organisation_id !== p.organisationId) throw notFound('hand-over');
  const plan = (await repo.findPlan(trx, h.plan_id))!;
  const basis = await currentBasis(
    trx,
    { beneficiaryId: plan.beneficiary_id, purpose: 'referral', recipientOrganisationId: p.organisationId },
    now,
  );
  if (!basis) throw notFound('hand-over');
  const at = now.toISOString();
  if (!(await repo.decideHandoverRow(trx, h.id, accept ? 'accepted' : 'declined', p.userId, at)))
    throw new DomainError('invalid_transition', 'The hand-over was already decided.');
  if (
    accept &&
    !(await repo.updatePlan(trx, plan.id, plan.version, { organisation_id: p.organisationId, updated_at: at }))
  )
    throw new DomainError('precondition_failed', 'The plan changed meanwhile.');
  return { handover: (await repo.findHandover(trx, h.id))!, plan: (await repo.findPlan(trx, plan.id))! };
}

/**
 * Records a scored survey round. Baseline comes first; each follow-up (3, 6, 12 months) once; answers are scored
 * with the named (default: current) instrument version and stored with it.
 */
export async function recordSurvey(trx: Trx, p: Principal, id: string, input: RecordReintegrationSurvey, now: Date) {
  const plan = await getHeldPlan(trx, p, id);
  const instrument = input.instrumentVersion ? instrumentOf(input.instrumentVersion) : currentInstrument();
  if (!instrument) throw invalidField('/instrumentVersion', 'not a version of the reintegration survey');
  const done = await repo.surveysOf(trx, plan.id);
  if (done.some((s) => s.round === input.round)) throw conflict('This survey round is already recorded.');
  if (input.round !== 'baseline' && !done.some((s) => s.round === 'baseline'))
    throw new DomainError('invalid_transition', 'Record the baseline survey first.');
  if (input.conductedOn > now.toISOString().slice(0, 10))
    throw invalidField('/conductedOn', 'must not lie in the future', 'not_future');
  const scored = scoreSurvey(instrument, input.answers);
  if (!scored.scores) throw invalidFields(scored.issues);
  const row: ReintegrationSurveyRow = {
    id: randomUUID(),
    plan_id: plan.id,
    organisation_id: p.organisationId,
    round: input.round,
    instrument_version: instrument.version,
    conducted_on: input.conductedOn,
    answers: JSON.stringify(input.answers),
    ...scored.scores,
    recorded_by: p.userId,
    recorded_at: now.toISOString(),
  };
  await repo.insertSurvey(trx, row);
  const status = input.round === 'm12' ? 'completed' : 'active';
  if (plan.status !== status)
    await repo.updatePlan(trx, plan.id, plan.version, { status, updated_at: now.toISOString() });
  return { plan, survey: row };
}

/** Plans the caller's office holds or opened, newest first (at most `limit`). */
export const listPlans = (db: Db, p: Principal, f: repo.PlanFilter, limit?: number) =>
  repo.plansVisibleTo(db, p.organisationId, f, limit);
/**
 * The returnees of `plans` restricted from the caller (their identity left out: beneficiaries.service
 * restrictedAmong) and those restricted whom the caller may see (each showing a sensitive read). Only the host
 * office's people: an origin office sees the profile handed over to it.
 */
export function returneesRestricted(db: Db, p: Principal, plans: readonly ReintegrationPlanRow[]) {
  return restrictedAmong(
    db,
    p,
    plans.filter((x) => x.host_organisation_id === p.organisationId).map((x) => x.beneficiary_id),
  );
}
export const itemsOf = repo.itemsOf;
export const surveysOf = repo.surveysOf;
export const surveysOfMany = repo.surveysOfMany;
export const handoversOf = repo.handoversOf;

/** Fewer returnees than this in a round and the round's means are withheld (SECURITY.md D6). */
export const SMALL_CELL = 5;

/** Mean scores per round of a cohort (plans the organisation holds), rounds with fewer than 5 returnees suppressed. */
export async function cohortTrend(
  db: Db,
  organisationId: string,
  f: { country?: string; cohort?: string },
): Promise<ReintegrationCohortTrend> {
  const rows = await repo.meansByRound(db, organisationId, f);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    country: f.country ?? null,
    cohort: f.cohort ?? null,
    rounds: REINTEGRATION_ROUNDS.map((round: ReintegrationRound) => {
      const r = rows.find((x) => x.round === round);
      const n = r?.n ?? 0;
      const suppressed = n > 0 && n < SMALL_CELL;
      const show = r && !suppressed;
      return {
        round,
        n: suppressed ? 0 : n,
        suppressed,
        economic: show ? r3(r.economic) : null,
        social: show ? r3(r.social) : null,
        psychosocial: show ? r3(r.psychosocial) : null,
        composite: show ? r3(r.composite) : null,
      };
    }),
  };
}
