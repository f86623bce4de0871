// Produces the annual report file in one format and language: the data once (assemble.ts), then JSON, HTML, or the
// HTML printed to PDF. Shared by the API route and `corridor report annual`.
import type { AnnualReportFormat, Locale } from '@corridor/contracts';
import type { Db } from '../../db/database.ts';
import { invalidField } from '../../errors.ts';
import type { EvidenceScope } from '../query.ts';
import { assembleAnnualReport } from './assemble.ts';
import { renderReportHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';
import type { ReportData } from './report-data.ts';
import { inOneSnapshot } from './snapshot.ts';

const MEDIA: Record<AnnualReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

/**
 * Refuses a year after the current one (UTC): it has no figures yet, and a report of it would state zeros as if they
 * were counted. The current year is reported on as it stands (its report is prepared before it ends).
 */
export function refuseFutureYear(year: number, now: Date): void {
  if (year > now.getUTCFullYear()) throw invalidField('/year', 'must not lie in the future', 'not_future');
}

/**
 * The report of `scope` for a year in the asked format and language (read in one snapshot, rendered after); a year
 * after the current one is refused (refuseFutureYear).
 */
export async function produceAnnualReport(
  db: Db,
  scope: EvidenceScope,
  ask: { year: number; format: AnnualReportFormat; language: Locale; rounding?: number | undefined },
  now: Date,
  chromiumPath: string,
): Promise<{ report: ReportData; data: Buffer; contentType: string }> {
  refuseFutureYear(ask.year, now);
  const report = await inOneSnapshot(db, (snap) =>
    assembleAnnualReport(snap, scope, ask.year, now, { rounding: ask.rounding ?? null }),
  );
  let data: Buffer;
  if (ask.format === 'json') data = Buffer.from(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const html = renderReportHtml(report, ask.language);
    data = ask.format === 'html' ? Buffer.from(html) : await renderPdf(html, chromiumPath);
  }
  return { report, data, contentType: MEDIA[ask.format] };
}
