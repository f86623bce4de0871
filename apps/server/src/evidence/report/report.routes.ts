// Routes of the evidence dashboard, its exports and the annual evidence report (docs/evidence-report.md). Thin: validate,
// authorise, call the dashboard/report functions, audit what leaves as a file.
import {
  AnnualReportRequest,
  EvidenceExport,
  EvidenceIndicatorList,
  EvidenceIndicatorListQuery,
  EvidenceTable,
  EvidenceTableQuery,
} from '@corridor/contracts';
import { actorOf, recordAudit } from '../../audit/audit.service.ts';
import { DomainError } from '../../errors.ts';
import { takeRateLimit } from '../../http/rate-limit.ts';
import { defineRoute } from '../../http/route.ts';
import { queryPublished } from '../query.ts';
import { dashboardIndicators, dashboardTable, indicatorQuery, labelsOf, scopeFor } from './dashboard.ts';
import { exportTable } from './exports.ts';
import { produceAnnualReport } from './produce.ts';
import { evidenceReportPolicies as policy } from './report.policy.ts';
import { inOneSnapshot } from './snapshot.ts';

const stampOf = (now: Date) => now.toISOString().slice(0, 19).replace(/[-:]/g, '');

/** Exports and reports a person may produce per hour (SECURITY.md: rate limits on exports; D12 bulk reads). */
const FILES_PER_HOUR = 120;
const HOUR = 3_600_000;

export const evidenceReportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/evidence/dashboard/indicators',
    operationId: 'listDashboardIndicators',
    summary: 'Indicators the dashboard can show, with their breakdowns and tags',
    tags: ['evidence'],
    policy: policy.dashboard,
    query: EvidenceIndicatorListQuery,
    response: { status: 200, schema: EvidenceIndicatorList, description: 'The indicators kept as aggregate cells.' },
    handler: async ({ query }) => ({ body: { items: dashboardIndicators(query.language) } }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/evidence/dashboard/table',
    operationId: 'dashboardTable',
    summary: 'One indicator over periods, by up to two dimensions, after disclosure control; optionally as SVG',
    tags: ['evidence'],
    policy: policy.dashboard,
    query: EvidenceTableQuery,
    errors: ['not_found'],
    response: { status: 200, schema: EvidenceTable, description: 'The published cells with their margins.' },
    handler: async ({ deps, principal, query }) => ({
      body: await inOneSnapshot(deps.database.db, (db) => dashboardTable(db, principal, query)),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evidence/exports',
    operationId: 'exportEvidenceTable',
    summary: 'Export one published table as CSV, XLSX, HXL-tagged CSV or SDMX-CSV (audited)',
    tags: ['evidence'],
    policy: policy.publish,
    body: EvidenceExport,
    // The table is read in one snapshot, then the audit entry is written; if that fails, nothing is sent.
    transactional: false,
    errors: ['not_found', 'export_too_large', 'rate_limited'],
    response: { status: 200, schema: null, description: 'The file.' },
    handler: async ({ engine, principal, body, now, deps }) => {
      await takeRateLimit(deps.database.db, `evidence-files:${principal.userId}`, FILES_PER_HOUR, HOUR, now);
      const { r, labels } = await inOneSnapshot(deps.database.db, async (db) => {
        const r = await queryPublished(db, scopeFor(principal, body.scope), indicatorQuery(body));
        return { r, labels: await labelsOf(db, r, 'en') };
      });
      if (r.cells.length > deps.config.exportMaxRows)
        throw new DomainError('export_too_large', 'The table has more cells than an export may hold; narrow it.');
      const file = await exportTable(r, labels, body.format);
      await deps.database.db.transaction().execute((trx) =>
        recordAudit(
          trx,
          engine,
          actorOf(principal),
          {
            action: 'evidence.export',
            entityType: 'evidence_table',
            organisationId: principal.organisationId,
            details: {
              indicator: body.indicator,
              grain: body.grain,
              from: body.from,
              to: body.to,
              by: body.by,
              scope: body.scope,
              format: body.format,
              rows: file.rows,
            },
          },
          now,
        ),
      );
      return {
        body: null,
        file: {
          contentType: file.contentType,
          filename: `${body.indicator}-${stampOf(now)}Z.${file.extension}`,
          data: file.data,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evidence/reports/annual',
    operationId: 'produceAnnualReport',
    summary: 'The annual evidence report of a year as HTML, PDF or JSON, in English, French, Spanish or Arabic',
    tags: ['evidence'],
    policy: policy.publish,
    body: AnnualReportRequest,
    // Not one transaction: printing a PDF takes seconds, and no lock may be held meanwhile. The figures are read
    // first (one consistent release), the file is rendered, then the audit entry is written; if that fails, the
    // file is not sent.
    transactional: false,
    errors: ['report_renderer_unavailable', 'rate_limited'],
    response: { status: 200, schema: null, description: 'The report file.' },
    handler: async ({ db, engine, principal, body, now, deps }) => {
      const scope = scopeFor(principal, body.scope);
      await takeRateLimit(deps.database.db, `evidence-files:${principal.userId}`, FILES_PER_HOUR, HOUR, now);
      const out = await produceAnnualReport(db, scope, body, now, deps.config.chromiumPath);
      await deps.database.db.transaction().execute((trx) =>
        recordAudit(
          trx,
          engine,
          actorOf(principal),
          {
            action: 'evidence.annual_report',
            entityType: 'evidence_report',
            organisationId: principal.organisationId,
            details: {
              year: body.year,
              format: body.format,
              language: body.language,
              scope: body.scope,
              digest: out.report.digest,
            },
          },
          now,
        ),
      );
      return {
        body: null,
        file: {
          contentType: out.contentType,
          filename: `annual-evidence-report-${body.year}-${body.language}.${body.format}`,
          data: out.data,
        },
      };
    },
  }),
];
