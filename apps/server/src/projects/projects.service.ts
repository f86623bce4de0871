// Use cases of projects and partners' 5W (docs/operations.md, "Projects and 5W"): projects with partners, places,
// budget, period and targets; activity reports per period with people reached by sex and age; the 5W table.
import { randomUUID } from 'node:crypto';
import type { CreateActivityReport, CreateProject, ProjectPlace } from '@corridor/contracts';
import { assertPcodesOf } from '../crises/pcodes.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, invalidFields, notFound } from '../errors.ts';
import { parseCursor } from '../funds/funds.service.ts';
import { normaliseRate, toMinor, usdMinorOf } from '../funds/money.ts';
import type { Principal } from '../http/principal.ts';
import type { ProjectReportRow, ProjectRow } from './projects.table.ts';

/** A project of the caller's organisation; 404 for any other, exactly as for one that does not exist. */
export async function getProject(db: Db, p: Principal, id: string): Promise<ProjectRow> {
  const r = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r || r.organisation_id !== p.organisationId) throw notFound('project');
  return r;
}

async function checkFund(db: Db, p: Principal, fundId: string | null): Promise<void> {
  if (!fundId) return;
  const f = await db.selectFrom('funds').select('organisation_id').where('id', '=', fundId).executeTakeFirst();
  if (!f || f.organisation_id !== p.organisationId)
    throw new DomainError('invalid_reference', 'The fund does not exist.');
}

function fieldsOf(body: CreateProject) {
  const budget = toMinor(body.budget);
  const rate = normaliseRate(body.usdRate);
  // Places are p-codes of the project's country in OCHA's list (crises/pcodes.ts), as a crisis's areas are.
  assertPcodesOf(
    body.country,
    body.places.flatMap((x, i) => [
      { pointer: `/places/${i}/pcode`, pcode: x.pcode },
      { pointer: `/places/${i}/parentPcode`, pcode: x.parentPcode ?? null },
    ]),
  );
  return {
    code: body.code,
    title: body.title,
    kind: body.kind,
    status: body.status,
    fund_id: body.fundId,
    country: body.country,
    sector: body.sector,
    start_date: body.startDate,
    end_date: body.endDate,
    budget_minor: budget,
    currency: body.currency,
    usd_rate: rate,
    budget_usd_minor: usdMinorOf(budget, rate, '/budget'),
    description: body.description,
    partners: JSON.stringify(body.partners),
    places: JSON.stringify(body.places),
    targets: JSON.stringify(body.targets),
  };
}

/** Creates a project of the caller's organisation. */
export async function createProject(trx: Trx, p: Principal, body: CreateProject, now: Date): Promise<ProjectRow> {
  await checkFund(trx, p, body.fundId);
  const row: ProjectRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    ...fieldsOf(body),
    created_by: p.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await trx.insertInto('projects').values(row).execute();
  return row;
}

/** Replaces a project's details (If-Match); reports already made stay. */
export async function updateProject(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  body: CreateProject,
  now: Date,
): Promise<ProjectRow> {
  const current = await getProject(trx, p, id);
  if (current.version !== version) throw new DomainError('precondition_failed', 'The project has changed; reload it.');
  await checkFund(trx, p, body.fundId);
  const fields = { ...fieldsOf(body), updated_at: now.toISOString(), version: version + 1 };
  const done = await trx
    .updateTable('projects')
    .set(fields)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1)
    throw new DomainError('precondition_failed', 'The project has changed; reload it.');
  return { ...current, ...fields };
}

/** A page of the organisation's projects by start date (newest first), filtered by kind, status and country. */
export async function listProjects(
  db: Db,
  p: Principal,
  q: {
    limit: number;
    cursor?: string | undefined;
    kind?: string | undefined;
    status?: string | undefined;
    country?: string | undefined;
  },
): Promise<{ rows: ProjectRow[]; next: string | null }> {
  let query = db.selectFrom('projects').selectAll().where('organisation_id', '=', p.organisationId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.country) query = query.where('country', '=', q.country);
  const c = parseCursor(q.cursor);
  if (c)
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > q.limit && last ? `${last.created_at}|${last.id}` : null };
}

/** Totals reached per project (by sex and age) and report counts, for a list of projects. */
export async function reachedOf(db: Db, projectIds: string[]) {
  const out = new Map<string, { women: number; men: number; girls: number; boys: number; reports: number }>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .selectFrom('project_reports')
    .select((eb) => [
      'project_id',
      eb.fn.sum<number>('reached_women').as('women'),
      eb.fn.sum<number>('reached_men').as('men'),
      eb.fn.sum<number>('reached_girls').as('girls'),
      eb.fn.sum<number>('reached_boys').as('boys'),
      eb.fn.countAll<number>().as('reports'),
    ])
    .where('project_id', 'in', projectIds)
    .groupBy('project_id')
    .execute();
  for (const r of rows)
    out.set(r.project_id, {
      women: Number(r.women),
      men: Number(r.men),
      girls: Number(r.girls),
      boys: Number(r.boys),
      reports: Number(r.reports),
    });
  return out;
}

/**
 * Records what a partner did in one of the project's places in one period. The place and the partner must be the
 * project's own; the period must fall within the project's.
 */
export async function addReport(
  trx: Trx,
  p: Principal,
  project: ProjectRow,
  body: CreateActivityReport,
  now: Date,
): Promise<ProjectReportRow> {
  const places = JSON.parse(project.places) as ProjectPlace[];
  const place = places.find((x) => x.pcode === body.pcode);
  const partners = JSON.parse(project.partners) as { name: string }[];
  const issues = [];
  if (!place)
    issues.push({
      location: 'body' as const,
      pointer: '/pcode',
      message: 'not a place of the project',
      code: 'unknown_place',
    });
  if (!partners.some((x) => x.name === body.partner))
    issues.push({
      location: 'body' as const,
      pointer: '/partner',
      message: 'not a partner of the project',
      code: 'unknown_partner',
    });
  if (body.periodStart < project.start_date || body.periodEnd > project.end_date)
    issues.push({
      location: 'body' as const,
      pointer: '/periodStart',
      message: 'outside the project’s period',
      code: 'out_of_period',
    });
  if (issues.length) throw invalidFields(issues);
  const row: ProjectReportRow = {
    id: randomUUID(),
    project_id: project.id,
    organisation_id: project.organisation_id,
    period_start: body.periodStart,
    period_end: body.periodEnd,
    activity: body.activity,
    pcode: body.pcode,
    place_name: place!.name,
    partner: body.partner,
    beneficiary_type: body.beneficiaryType,
    targeted: body.targeted,
    reached_women: body.reached.women,
    reached_men: body.reached.men,
    reached_girls: body.reached.girls,
    reached_boys: body.reached.boys,
    reported_by: p.userId,
    reported_at: now.toISOString(),
  };
  await trx.insertInto('project_reports').values(row).execute();
  return row;
}

/** A project's reports by period. */
export function reportsOf(db: Db, projectId: string): Promise<ProjectReportRow[]> {
  return db
    .selectFrom('project_reports')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('period_start')
    .orderBy('activity')
    .execute();
}
