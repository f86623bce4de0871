// The officer list as CSV or XLSX, without the worker's identity and without their words (SECURITY.md D5, D10):
// a row says what kind of grievance it is, about whom, and how it was handled.
import type { ExportGrievances } from '@corridor/contracts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { writeTable } from '../imports/tabular.ts';
import { presentGrievanceSummary } from './grievances.presenter.ts';
import { listGrievances } from './grievances.service.ts';

/** The exported columns, in order. */
export const EXPORT_COLUMNS = [
  'reference',
  'status',
  'categories',
  'severity',
  'recruiter_id',
  'recruiter_name',
  'employer_name',
  'destination_country',
  'received_at',
  'first_response_due',
  'first_responded_at',
  'resolution_due',
  'overdue',
  'outcome',
  'anonymous',
  'trafficking_indicators',
  'handed_over',
] as const;

/** The caller's organisation's grievances as a file; `export_too_large` beyond `maxRows`. */
export async function exportGrievances(
  db: Db,
  p: Principal,
  input: ExportGrievances,
  maxRows: number,
  now: Date,
): Promise<{ data: Buffer; rows: number }> {
  const { format, ...filters } = input;
  const r = await listGrievances(db, p, { ...filters, limit: maxRows }, now);
  if (r.next !== null)
    throw new DomainError(
      'export_too_large',
      `The export would hold more than ${maxRows} rows; narrow the filters and export in parts.`,
    );
  const rows = r.items.map((row) => {
    const s = presentGrievanceSummary(row, now);
    return [
      s.reference,
      s.status,
      s.categories.join(';'),
      s.severity ?? '',
      s.recruiterId ?? '',
      s.recruiterName ?? '',
      s.employerName ?? '',
      s.destinationCountry ?? '',
      s.receivedAt,
      s.firstResponseDue,
      s.firstRespondedAt ?? '',
      s.resolutionDue ?? '',
      String(s.overdue),
      s.outcome ?? '',
      String(s.anonymous),
      String(s.traffickingIndicators),
      String(s.handedOver),
    ];
  });
  return { data: await writeTable(format, 'grievances', [[...EXPORT_COLUMNS], ...rows]), rows: rows.length };
}
