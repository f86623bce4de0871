import {
  ActivityReport,
  ActivityReportList,
  CreateActivityReport,
  CreateProject,
  Export5W,
  IdParams,
  Project,
  ProjectFigures,
  ProjectFiguresQuery,
  ProjectPage,
  ProjectQuery,
  UpdateProject,
} from '@corridor/contracts';
import { peopleReached, projectsActive } from '../funds/funds.indicators.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { EXPORTS_PER_HOUR } from '../imports/imports.routes.ts';
import { MEDIA_TYPE, writeTable } from '../imports/tabular.ts';
import { fiveWRows } from './projects.export.ts';
import { projectPolicies as policy } from './projects.policy.ts';
import { presentProject, presentReport } from './projects.presenter.ts';
import {
  addReport,
  createProject,
  getProject,
  listProjects,
  reachedOf,
  reportsOf,
  updateProject,
} from './projects.service.ts';
import type { ProjectRow } from './projects.table.ts';

const projectEvent = (p: ProjectRow, action: string) => ({
  action,
  entityType: 'project',
  entityId: p.id,
  organisationId: p.organisation_id,
  details: { code: p.code, kind: p.kind, status: p.status, country: p.country, budgetMinor: Number(p.budget_minor) },
});

/** Routes of projects, activity reports, figures and the 5W export. */
export const projectRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/projects',
    operationId: 'listProjects',
    summary: 'Projects of the caller’s organisation, newest first, by kind, status and country',
    tags: ['projects'],
    policy: policy.read,
    query: ProjectQuery,
    response: { status: 200, schema: ProjectPage, description: 'A page of projects.' },
    handler: async ({ db, principal, query }) => {
      const page = await listProjects(db, principal, query);
      const reached = await reachedOf(
        db,
        page.rows.map((p) => p.id),
      );
      return { body: { items: page.rows.map((p) => presentProject(p, reached.get(p.id))), next: page.next } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/projects',
    operationId: 'createProject',
    summary: 'Create a project: kind, partners, places by p-code, budget, period and targets',
    tags: ['projects'],
    policy: policy.manage,
    body: CreateProject,
    creates: true,
    etag: true,
    errors: ['invalid_reference'],
    response: { status: 201, schema: Project, description: 'The project.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const p = await createProject(trx, principal, body, now);
      await audit(projectEvent(p, 'project.create'));
      return { status: 201, body: presentProject(p, undefined), version: p.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/projects/:id',
    operationId: 'getProject',
    summary: 'One project with its totals reached',
    tags: ['projects'],
    policy: policy.read,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: Project, description: 'The project.' },
    handler: async ({ db, principal, params }) => {
      const p = await getProject(db, principal, params.id);
      return { body: presentProject(p, (await reachedOf(db, [p.id])).get(p.id)), version: p.version };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/projects/:id',
    operationId: 'updateProject',
    summary: 'Replace a project’s details (If-Match); its reports stay',
    tags: ['projects'],
    policy: policy.manage,
    params: IdParams,
    body: UpdateProject,
    ifMatch: true,
    etag: true,
    errors: ['invalid_reference'],
    response: { status: 200, schema: Project, description: 'The project.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const p = await updateProject(trx, principal, params.id, ifMatch, body, now);
      await audit(projectEvent(p, 'project.update'));
      return { body: presentProject(p, (await reachedOf(trx, [p.id])).get(p.id)), version: p.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/projects/:id/reports',
    operationId: 'listProjectReports',
    summary: 'A project’s activity reports by period',
    tags: ['projects'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: ActivityReportList, description: 'Reports by period.' },
    handler: async ({ db, principal, params }) => {
      const p = await getProject(db, principal, params.id);
      return { body: { items: (await reportsOf(db, p.id)).map(presentReport) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/projects/:id/reports',
    operationId: 'addProjectReport',
    summary: 'Report an activity for a period: where, by which partner, people targeted and reached by sex and age',
    tags: ['projects'],
    policy: policy.report,
    params: IdParams,
    body: CreateActivityReport,
    creates: true,
    response: { status: 201, schema: ActivityReport, description: 'The report.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const p = await getProject(trx, principal, params.id);
      const r = await addReport(trx, principal, p, body, now);
      await audit({
        action: 'project.report',
        entityType: 'project',
        entityId: p.id,
        organisationId: p.organisation_id,
        details: { reportId: r.id, periodStart: r.period_start, pcode: r.pcode, reached: body.reached },
      });
      return { status: 201, body: presentReport(r) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/project-figures',
    operationId: 'getProjectFigures',
    summary: 'Projects active (by kind, countries) and people reached by sex and age over a period',
    tags: ['projects'],
    policy: policy.figures,
    query: ProjectFiguresQuery,
    response: { status: 200, schema: ProjectFigures, description: 'The figures.' },
    handler: async ({ db, principal, query }) => {
      const a = await projectsActive(db, principal.organisationId, query.from, query.to);
      const r = await peopleReached(db, principal.organisationId, query.from, query.to);
      return {
        body: {
          from: query.from,
          to: query.to,
          projectsActive: a.total,
          projectsByKind: a.byKind,
          countries: a.countries,
          reached: { women: r.women, men: r.men, girls: r.girls, boys: r.boys },
          reachedTotal: r.total,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/projects/5w/export',
    operationId: 'exportProjects5W',
    summary: 'The 5W table with HXL hashtags (CSV or XLSX; counts only; audited)',
    tags: ['projects'],
    policy: policy.figures,
    body: Export5W,
    transactional: true,
    errors: ['rate_limited', 'export_too_large'],
    response: { status: 200, schema: null, description: 'The file: header row, HXL hashtag row, one row per report.' },
    handler: async ({ trx, deps, principal, body, now, audit }) => {
      await takeRateLimit(trx, `export:${principal.userId}`, EXPORTS_PER_HOUR, 3_600_000, now);
      const rows = await fiveWRows(trx, principal, body, deps.config.exportMaxRows);
      await audit({
        action: 'export.5w',
        entityType: 'organisation',
        entityId: principal.organisationId,
        organisationId: principal.organisationId,
        details: {
          format: body.format,
          country: body.country ?? null,
          from: body.from ?? null,
          to: body.to ?? null,
          rows: rows.length - 2,
        },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return {
        body: null,
        file: {
          contentType: MEDIA_TYPE[body.format],
          filename: `5w-${stamp}Z.${body.format}`,
          data: await writeTable(body.format, '5W', rows),
        },
      };
    },
  }),
];
