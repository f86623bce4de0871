import { ExportBeneficiaries, ExportCases, ImportReport, RunImport, type TableFormat } from '@corridor/contracts';
import type { ZodType } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { defineRoute } from '../http/route.ts';
import { type ExportResult, exportBeneficiaries, exportCases } from './exports.service.ts';
import { runImportJob } from './import-job.ts';
import { exportAudit } from './imports.audit.ts';
import { assertMayExport, type ExportList, importPolicies as policy } from './imports.policy.ts';
import { importHashKey } from './imports.service.ts';
import { formatOfName, MEDIA_TYPE } from './tabular.ts';

/** Exports one person may run in an hour (SECURITY.md: rate limits on exports). */
export const EXPORTS_PER_HOUR = 30;
const HOUR = 3_600_000;

/** The download name of an export: the list and the time, nothing from the request. */
const exportName = (list: ExportList, format: TableFormat, now: Date) =>
  `${list}-${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z.${format}`;

/** Routes of bulk import and export. The file travels base64 in a JSON body; exports are POSTs (D4: no URLs). */
export const importRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/imports',
    operationId: 'runImport',
    summary: 'Import people, cases or services from a CSV or XLSX file: all rows or none (docs/import.md)',
    tags: ['imports'],
    policy: policy.run,
    body: RunImport,
    creates: true,
    // The import commits its own transaction (imports/import-job.ts): on an embedded database in a file it runs in a
    // worker thread with its own connection, so that a large file never holds up the server. Its audit entry is
    // written in that transaction; the Idempotency-Key's answer is stored right after it (http/route.ts).
    transactional: false,
    // The file is base64 in JSON: a third larger than the file, plus the declaration.
    bodyLimit: (config: AppDeps['config']) => Math.ceil((config.importMaxBytes * 4) / 3) + 64 * 1024,
    errors: ['import_rejected', 'payload_too_large'],
    response: {
      status: 200,
      schema: ImportReport,
      description: 'Imported (or, with validateOnly, checked): the counts. A file with any problem answers 422.',
    },
    handler: async ({ principal, body, now, deps }) => {
      const format = body.format ?? formatOfName(body.filename);
      const report = await runImportJob(deps.database, {
        principal,
        request: {
          kind: body.kind,
          format,
          data: Buffer.from(body.content, 'base64'),
          basis: body.basis,
          informationGiven: body.informationGiven,
          childAssent: body.childAssent,
          validateOnly: body.validateOnly,
        },
        limits: { maxBytes: deps.config.importMaxBytes, maxRows: deps.config.importMaxRows },
        hashKey: importHashKey(deps.secretKey),
        now,
      });
      return { body: report };
    },
  }),
  exportRoute('beneficiaries', ExportBeneficiaries, (db, p, { format, ...filters }, max) =>
    exportBeneficiaries(db, p, filters, format, max),
  ),
  exportRoute('cases', ExportCases, (db, p, { format, ...filters }, max) => exportCases(db, p, filters, format, max)),
];

function exportRoute<B extends { format: TableFormat }>(
  list: ExportList,
  body: ZodType<B>,
  run: (db: Db, p: Principal, body: B, maxRows: number) => Promise<ExportResult>,
) {
  return defineRoute({
    method: 'POST',
    url: `/api/exports/${list}`,
    operationId: list === 'beneficiaries' ? 'exportBeneficiaries' : 'exportCases',
    summary: `Export the ${list} list as CSV or XLSX with an HXL row (supervisors; row-limited; audited)`,
    tags: ['imports'],
    policy: policy.export,
    body,
    // Transactional so that the export, its sensitive reads and its audit entry are one unit (D9, D10).
    transactional: true,
    errors: ['export_too_large', 'rate_limited'],
    response: {
      status: 200,
      schema: null,
      description: 'The file (text/csv with a byte-order mark, or XLSX): a header row, an HXL row, then the rows.',
    },
    handler: async ({ trx, principal, body: b, now, audit, deps }) => {
      assertMayExport(principal, list, b.format);
      const bucket = `export:${principal.userId}`;
      await takeRateLimit(trx, bucket, EXPORTS_PER_HOUR, HOUR, now);
      const r = await run(trx, principal, b, deps.config.exportMaxRows);
      for (const e of r.sensitiveReads) await audit(e);
      await audit(exportAudit(principal.organisationId, list, b.format, r.rows, b, 'api'));
      return {
        body: null,
        file: { contentType: MEDIA_TYPE[b.format], filename: exportName(list, b.format, now), data: r.data },
      };
    },
  });
}
