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
import { askedInBody, DomainError } from '../../errors.ts';
import { takeRateLimit } from '../../http/rate-limit.ts';
import { defineRoute } from '../../http/route.ts';
import { findOrganisation } from '../../identity/identity.repository.ts';
import { fromAcceptLanguage } from '../../public-site/i18n.ts';
import { queryPublished } from '../query.ts';
import {
  dashboardIndicators,
  dashboardTable,
  indicatorQuery,
  isOnDemand,
  labelsOf,
  onDemandLabels,
  onDemandQuestion,
  scopeFor,
} from './dashboard.ts';
import { exportableOfOnDemand, exportableOfPublished, exportTable } from './exports.ts';
import { onDemandTable } from './on-demand.ts';
import { produceAnnualReport, refuseFutureYear } from './produce.ts';
import { evidenceReportPolicies as policy } from './report.policy.ts';
import { m49Of } from './sdmx-sdg.ts';
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
    handler: async ({ deps, principal, query, now }) => ({
      body: await inOneSnapshot(deps.database.db, (db) => dashboardTable(db, principal, query, now)),
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
    handler: async ({ engine, principal, body, now, deps, req }) => {
      await takeRateLimit(deps.database.db, `evidence-files:${principal.userId}`, FILES_PER_HOUR, HOUR, now);
      // Headers and labels in the language asked for, else the one the request prefers (as the public pages do).
      const language = body.language ?? fromAcceptLanguage(req.headers['accept-language']);
      const { table, labels, sdgArea } = await askedInBody(() =>
        inOneSnapshot(deps.database.db, async (db) => {
          const scope = scopeFor(principal, body.scope);
          // REF_AREA of an SDG-structured SDMX file: the world for the platform, else the organisation's country.
          const sdgArea =
            'platform' in scope ? '1' : m49Of((await findOrganisation(db, principal.organisationId))?.country ?? '');
          if (isOnDemand(body.indicator)) {
            const t = await onDemandTable(db, scope, onDemandQuestion(body), now);
            return { table: exportableOfOnDemand(t), labels: onDemandLabels(t, language), sdgArea };
          }
          const r = await queryPublished(db, scope, indicatorQuery(body));
          return { table: exportableOfPublished(r), labels: await labelsOf(db, r, language), sdgArea };
        }),
      );
      if (table.cells.length > deps.config.exportMaxRows)
        throw new DomainError('export_too_large', 'The table has more cells than an export may hold; narrow it.');
      const file = await exportTable(table, labels, body.format, language, sdgArea);
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
              language,
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
      // A year to come is refused before it counts against the hourly limit.
      refuseFutureYear(body.year, now);
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
