import {
  IdParams,
  ImportRemittanceFile,
  PublicRemittanceComparison,
  PublicRemittanceQuery,
  RecruitmentCostImportReport,
  RecruitmentCostInput,
  RecruitmentCostPage,
  RecruitmentCostQuery,
  RecruitmentCostResponse,
  RemittanceExport,
  RemittanceImportReport,
  RemittanceQuote,
  RemittanceQuoteInput,
  RemittanceQuotePage,
  RemittanceQuoteQuery,
  Sdg10c1Query,
  Sdg10c1Report,
  Sdg1071Report,
} from '@corridor/contracts';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { anonymous } from '../http/policy.ts';
import { defineRoute } from '../http/route.ts';
import { formatOfName, MEDIA_TYPE } from '../imports/tabular.ts';
import { limitPublic } from '../public-site/public-page.ts';
import { compare, forgetCorridors } from './comparison.ts';
import { exportRemittances } from './remittances.export.ts';
import { remittancePolicies as policy } from './remittances.policy.ts';
import { publicRemittancesPage } from './remittances.public.ts';
import * as svc from './remittances.service.ts';

const fileLimit = (config: AppDeps['config']) => Math.ceil((config.importMaxBytes * 4) / 3) + 64 * 1024;
const Sdg1071Query = z.object({
  origin: RecruitmentCostQuery.shape.origin,
  destination: RecruitmentCostQuery.shape.destination,
  year: RecruitmentCostQuery.shape.year,
});

const publicPolicy = anonymous(
  'public-remittances',
  'Anyone: published prices of remittance services and corridor averages; no personal data.',
);

/** Routes of remittance prices (SDG 10.c.1), recruitment costs (SDG 10.7.1) and the public comparison. */
export const remittanceRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/remittances/quotes',
    operationId: 'listRemittanceQuotes',
    summary: 'Price quotes by quarter, corridor and firm (all organisations’: public price data)',
    tags: ['remittances'],
    policy: policy.readPrices,
    query: RemittanceQuoteQuery,
    response: { status: 200, schema: RemittanceQuotePage, description: 'A page of quotes, newest quarter first.' },
    handler: async ({ db, principal, query }) => {
      const { rows, next } = await svc.listQuotes(db, query);
      return { body: { items: rows.map((r) => svc.presentQuote(r, principal)), next } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/remittances/quotes',
    operationId: 'createRemittanceQuote',
    summary: 'Record one price quote by hand',
    tags: ['remittances'],
    policy: policy.writePrices,
    body: RemittanceQuoteInput,
    checksWhenRefused: svc.futureQuarterIn,
    creates: true,
    errors: ['conflict'],
    response: { status: 201, schema: RemittanceQuote, description: 'The quote, with its total costs computed.' },
    handler: async ({ trx, principal, body, now, audit, deps }) => {
      const row = await svc.createQuote(trx, principal, body, now);
      await audit({
        action: 'remittance_quote.create',
        entityType: 'remittance_quote',
        entityId: row.id,
        organisationId: principal.organisationId,
        details: { period: row.period, corridor: `${row.source_code}-${row.destination_code}` },
      });
      return {
        status: 201,
        body: svc.presentQuote(row, principal),
        afterCommit: () => forgetCorridors(deps.database.db),
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/remittances/quotes/:id',
    operationId: 'deleteRemittanceQuote',
    summary: 'Delete a quote your organisation recorded',
    tags: ['remittances'],
    policy: policy.writePrices,
    params: IdParams,
    response: { status: 204, schema: null, description: 'Deleted.' },
    handler: async ({ trx, principal, params, audit, deps }) => {
      const row = await svc.deleteQuote(trx, principal, params.id);
      await audit({
        action: 'remittance_quote.delete',
        entityType: 'remittance_quote',
        entityId: row.id,
        organisationId: principal.organisationId,
        details: { period: row.period, corridor: `${row.source_code}-${row.destination_code}` },
      });
      // The public comparison of this server forgets the quote at once (others within the minute).
      return { status: 204, body: null, afterCommit: () => forgetCorridors(deps.database.db) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/remittances/imports',
    operationId: 'importRemittanceQuotes',
    summary: 'Import RPW-format price quotes (CSV or XLSX): all rows or none; exclusions reported per row',
    tags: ['remittances'],
    policy: policy.writePrices,
    body: ImportRemittanceFile,
    creates: true,
    bodyLimit: fileLimit,
    errors: ['import_rejected', 'payload_too_large'],
    response: {
      status: 200,
      schema: RemittanceImportReport,
      description: 'Imported (or checked): counts, and the quotes that will not count in the averages, with why.',
    },
    handler: async ({ trx, principal, body, now, audit, deps }) => {
      const report = await svc.importQuotes(
        trx,
        principal,
        {
          format: body.format ?? formatOfName(body.filename),
          data: Buffer.from(body.content, 'base64'),
          validateOnly: body.validateOnly,
        },
        { maxBytes: deps.config.importMaxBytes, maxRows: deps.config.importMaxRows },
        now,
      );
      await audit({
        action: 'remittance_quote.import',
        entityType: 'remittance_quote',
        organisationId: principal.organisationId,
        details: {
          dryRun: report.dryRun,
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          excluded: report.exclusions.length,
          via: 'api',
        },
      });
      return { body: report, afterCommit: () => forgetCorridors(deps.database.db) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/remittances/sdg-10c1',
    operationId: 'remittanceSdg10c1',
    summary: 'SDG 10.c.1 per quarter: corridor averages, SmaRT, global average, corridors above 5%, exclusions',
    tags: ['remittances'],
    policy: policy.readPrices,
    query: Sdg10c1Query,
    response: { status: 200, schema: Sdg10c1Report, description: 'The figures, oldest quarter first.' },
    handler: async ({ db, query, now }) => ({ body: await svc.sdg10c1Report(db, query, now) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/remittances/exports',
    operationId: 'exportRemittances',
    summary: 'Export quotes, SDG 10.c.1 or SDG 10.7.1 figures as CSV or XLSX with an HXL row',
    tags: ['remittances'],
    policy: policy.surveys,
    body: RemittanceExport,
    transactional: true,
    errors: ['export_too_large'],
    response: { status: 200, schema: null, description: 'The file: a header row, an HXL row, then the rows.' },
    handler: async ({ trx, principal, body, now, audit, deps }) => {
      const r = await exportRemittances(trx, principal, deps.config.exportMaxRows, now, body);
      await audit({
        action: 'remittance.export',
        entityType: 'remittance_export',
        organisationId: principal.organisationId,
        details: { list: body.list, format: body.format, rows: r.rows },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return {
        body: null,
        file: { contentType: MEDIA_TYPE[body.format], filename: `${body.list}-${stamp}Z.${body.format}`, data: r.data },
      };
    },
  }),
  // --- SDG 10.7.1 ---
  defineRoute({
    method: 'GET',
    url: '/api/recruitment-costs',
    operationId: 'listRecruitmentCosts',
    summary: 'Recruitment-cost survey responses of your organisation (audited read)',
    tags: ['remittances'],
    policy: policy.surveys,
    query: RecruitmentCostQuery,
    transactional: 'audit',
    response: { status: 200, schema: RecruitmentCostPage, description: 'A page of responses.' },
    handler: async ({ db, principal, query, audit }) => {
      const { rows, next } = await svc.listResponses(db, principal, query);
      await audit({
        action: 'recruitment_cost.list',
        entityType: 'recruitment_cost_response',
        organisationId: principal.organisationId,
        sensitiveRead: true,
        details: { count: rows.length },
      });
      return { body: { items: rows.map(svc.presentResponse), next } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/recruitment-costs',
    operationId: 'createRecruitmentCost',
    summary: 'Record one worker’s recruitment costs and first month’s earnings (SDG 10.7.1)',
    tags: ['remittances'],
    policy: policy.surveys,
    body: RecruitmentCostInput,
    creates: true,
    errors: ['conflict'],
    response: { status: 201, schema: RecruitmentCostResponse, description: 'The response, with its ratio.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const row = await svc.createResponse(trx, principal, body, now);
      await audit({
        action: 'recruitment_cost.create',
        entityType: 'recruitment_cost_response',
        entityId: row.id,
        organisationId: principal.organisationId,
      });
      return { status: 201, body: svc.presentResponse(row) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/recruitment-costs/imports',
    operationId: 'importRecruitmentCosts',
    summary: 'Import recruitment-cost survey responses (CSV or XLSX): all rows or none',
    tags: ['remittances'],
    policy: policy.surveys,
    body: ImportRemittanceFile,
    creates: true,
    bodyLimit: fileLimit,
    errors: ['import_rejected', 'payload_too_large'],
    response: { status: 200, schema: RecruitmentCostImportReport, description: 'The counts.' },
    handler: async ({ trx, principal, body, now, audit, deps }) => {
      const report = await svc.importResponses(
        trx,
        principal,
        {
          format: body.format ?? formatOfName(body.filename),
          data: Buffer.from(body.content, 'base64'),
          validateOnly: body.validateOnly,
        },
        { maxBytes: deps.config.importMaxBytes, maxRows: deps.config.importMaxRows },
        now,
        RecruitmentCostInput,
      );
      await audit({
        action: 'recruitment_cost.import',
        entityType: 'recruitment_cost_response',
        organisationId: principal.organisationId,
        details: { ...report, via: 'api' },
      });
      return { body: report };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/recruitment-costs/sdg-1071',
    operationId: 'recruitmentCostSdg1071',
    summary: 'SDG 10.7.1 per corridor and year over your organisation’s survey responses',
    tags: ['remittances'],
    policy: policy.surveys,
    query: Sdg1071Query,
    response: { status: 200, schema: Sdg1071Report, description: 'The indicator per corridor, and exclusions.' },
    handler: async ({ db, principal, query }) => ({ body: await svc.sdg1071Report(db, principal, query) }),
  }),
  // --- public ---
  defineRoute({
    method: 'GET',
    url: '/api/public/remittances',
    operationId: 'publicRemittanceComparison',
    summary: 'Public comparison: providers of a corridor ranked by what the receiver gets, and the trend',
    tags: ['public'],
    policy: publicPolicy,
    query: PublicRemittanceQuery,
    errors: ['rate_limited'],
    response: { status: 200, schema: PublicRemittanceComparison, description: 'The comparison.' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      const q = ctx.query;
      return { body: await compare(ctx.db, q.from ?? null, q.to ?? null, q.amount, ctx.now.getTime()) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/remittances',
    operationId: 'publicRemittancesPage',
    summary: 'Public remittance comparison (HTML)',
    tags: ['public'],
    policy: publicPolicy,
    query: z.object({
      lang: z.string().max(10).optional(),
      from: z.string().max(10).optional(),
      to: z.string().max(10).optional(),
      amount: z.string().max(12).optional(),
    }),
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: publicRemittancesPage,
  }),
];
