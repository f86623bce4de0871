// The tables operations export (crises, evacuation requests, reintegration plans and cohorts, fund requests) as
// CSV or XLSX (SECURITY.md D10): the first row holds Corridor's column names, the second the HXL hashtags
// (hxlstandard.org/standard/1-1final; only hashtags of the HXL core schema, '' where none fits), then the data.
// A column that carries personal data names the roles that may take it out of Corridor; every other role gets the
// table without it. Routes check the rate limit before reading and refuse more than `exportMaxRows` rows.

import type { Role, TableFormat } from '@corridor/contracts';
import type { z } from 'zod';
import { restrictedRead } from '../beneficiaries/beneficiaries.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import type { Policy } from '../http/policy.ts';
import type { Principal } from '../http/principal.ts';
import { takeRateLimit } from '../http/rate-limit.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { EXPORTS_PER_HOUR } from '../imports/imports.routes.ts';
import { MEDIA_TYPE, writeTable } from '../imports/tabular.ts';

/** One exported column: its name, its HXL tag, its value, and (for personal data) the roles that may export it. */
export type ExportColumn<R> = Readonly<{
  name: string;
  hxl: string;
  value: (r: R) => string;
  roles?: readonly Role[];
}>;

/** A column open to every role the route's policy admits. */
export const col = <R>(name: string, hxl: string, value: (r: R) => string): ExportColumn<R> => ({ name, hxl, value });

/** A column of personal data, exported only to callers holding one of `roles`. */
export const personal = <R>(
  roles: readonly Role[],
  name: string,
  hxl: string,
  value: (r: R) => string,
): ExportColumn<R> => ({ name, hxl, value, roles });

/** The columns the caller may export. */
export const columnsFor = <R>(p: Principal, columns: readonly ExportColumn<R>[]): ExportColumn<R>[] =>
  columns.filter((c) => !c.roles || c.roles.some((r) => p.roles.includes(r)));

/** True when any of the columns carries personal data (the export is then a sensitive read). */
export const carriesPersonalData = <R>(columns: readonly ExportColumn<R>[]): boolean =>
  columns.some((c) => c.roles !== undefined);

/** Header row, HXL row and one row per record. */
export const grid = <R>(columns: readonly ExportColumn<R>[], records: readonly R[]): string[][] => [
  columns.map((c) => c.name),
  columns.map((c) => c.hxl),
  ...records.map((r) => columns.map((c) => c.value(r))),
];

/** Text of a nullable value. */
export const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Refuses an export of more than `max` records (checked on max + 1 rows read). */
export function assertRows(count: number, max: number): void {
  if (count > max)
    throw new DomainError(
      'export_too_large',
      `The export would hold more than ${max} rows; narrow the filters and export in parts.`,
    );
}

const HOUR = 3_600_000;

/** Counts one export against the caller's hourly allowance (the same bucket as every other export). */
export async function takeExportAllowance(db: Db, p: Principal, now: Date): Promise<void> {
  await takeRateLimit(db, `export:${p.userId}`, EXPORTS_PER_HOUR, HOUR, now);
}

/** The file of an export: media type, a dated name and the bytes. */
export async function exportFile(format: TableFormat, sheet: string, prefix: string, rows: string[][], now: Date) {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
  return {
    contentType: MEDIA_TYPE[format],
    filename: `${prefix}-${stamp}Z.${format}`,
    data: await writeTable(format, sheet, rows),
  };
}

/** What an export read: its grid, how many records, the columns given, and what the audit entry is about. */
export type ExportRead = {
  rows: string[][];
  count: number;
  /** The columns the caller got (named in the audit entry); omitted when every caller gets the same. */
  columns?: readonly { name: string }[];
  /** True when the file holds personal data: the audit entry is then a sensitive read. */
  personal: boolean;
  /** The record the export is of (default: the caller's organisation), and the file's name without the date. */
  subject?: { entityType: string; entityId: string; organisationId: string };
  file: string;
  /** Restricted people (a sensitive case) whose identity the file shows: each a sensitive read of its own (D9). */
  restrictedShown?: readonly string[];
};

/**
 * A `POST …/export` route of an operations table: the caller's policy, the filters in the body (never in the URL),
 * the hourly export allowance, the row limit, one `export.run` audit entry (a sensitive read when the file holds
 * personal data) in the same transaction, and the CSV or XLSX file.
 */
export function tableExportRoute<P, B extends { format: TableFormat }>(spec: {
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  policy: Policy;
  params?: z.ZodType<P>;
  body: z.ZodType<B>;
  list: string;
  sheet: string;
  errors?: ErrorCode[];
  read(ctx: {
    trx: Trx;
    principal: Principal;
    params: P;
    filters: Omit<B, 'format'>;
    maxRows: number;
  }): Promise<ExportRead>;
}): AnyRoute {
  return defineRoute<P, undefined, B, unknown>({
    method: 'POST',
    url: spec.url,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: spec.tags,
    policy: spec.policy,
    ...(spec.params ? { params: spec.params } : {}),
    body: spec.body,
    transactional: true,
    errors: ['rate_limited', ...(spec.errors ?? [])],
    response: { status: 200, schema: null, description: 'The file: header row, HXL hashtag row, then the rows.' },
    handler: async ({ trx, deps, principal, params, body, now, audit }) => {
      await takeExportAllowance(trx, principal, now);
      const { format, ...filters } = body;
      const r = await spec.read({ trx, principal, params, filters, maxRows: deps.config.exportMaxRows });
      await audit({
        action: 'export.run',
        ...(r.subject ?? {
          entityType: 'organisation',
          entityId: principal.organisationId,
          organisationId: principal.organisationId,
        }),
        ...(r.personal ? { purpose: 'assistance', sensitiveRead: true } : {}),
        details: {
          list: spec.list,
          format,
          rows: r.count,
          ...(r.columns ? { columns: r.columns.map((c) => c.name) } : {}),
          filters: Object.keys(filters).sort(),
        },
      });
      for (const id of r.restrictedShown ?? []) await audit(restrictedRead(id, principal.organisationId, 'export'));
      return { body: null, file: await exportFile(format, spec.sheet, r.file, r.rows, now) };
    },
  });
}
