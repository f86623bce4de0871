// Export of requests for money: one row per request with its approval state, amounts (and USD equivalent), what it
// is for and the measured time from request to release. Recipient and purpose are free text that may name a person:
// only the roles who request and release money (caseworkers, supervisors, fund managers) take them out of Corridor,
// together with the case a request is for; analysts and administrators get the figures without them.
import type { ExportFundRequests, Role } from '@corridor/contracts';
import { assertRows, col, columnsFor, type ExportColumn, grid, personal, text } from '../crises/operations-export.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { listRequests } from './funds.requests.ts';
import type { FundRequestRow } from './funds.table.ts';
import { fromMinor } from './money.ts';

type Line = FundRequestRow & { fund_code: string };

const REQUEST_STAFF: readonly Role[] = ['caseworker', 'supervisor', 'fund_manager'];

/** Where a request stands in the approval workflow, in words a spreadsheet reader filters on. */
export function approvalState(r: FundRequestRow): string {
  switch (r.status) {
    case 'requested':
      return 'awaiting approval';
    case 'awaiting_second_approval':
      return 'awaiting second approval';
    case 'approved':
      return r.second_approved_at ? 'approved (two approvals)' : 'approved';
    case 'released':
      return 'released';
    default:
      return r.status;
  }
}

const hours = (seconds: number | null) => (seconds === null ? '' : (Number(seconds) / 3600).toFixed(2));

export const REQUEST_COLUMNS: readonly ExportColumn<Line>[] = [
  col('request_id', '', (r) => r.id),
  col('fund_code', '', (r) => r.fund_code),
  col('status', '#status', (r) => r.status),
  col('approval_state', '', approvalState),
  col('approvals', '', (r) => String((r.first_approved_at ? 1 : 0) + (r.second_approved_at ? 1 : 0))),
  col('first_approver_role', '', (r) => text(r.first_approver_role)),
  col('first_approved_at', '', (r) => text(r.first_approved_at)),
  col('second_approver_role', '', (r) => text(r.second_approver_role)),
  col('second_approved_at', '', (r) => text(r.second_approved_at)),
  col('amount', '#value', (r) => fromMinor(Number(r.amount_minor))),
  col('currency', '#currency', (r) => r.currency),
  col('usd_rate', '', (r) => r.usd_rate),
  col('amount_usd', '#value+converted', (r) => fromMinor(Number(r.amount_usd_minor))),
  col('crisis_id', '#crisis+id', (r) => text(r.crisis_id)),
  col('project_id', '#activity+id', (r) => text(r.project_id)),
  personal(REQUEST_STAFF, 'case_id', '', (r) => text(r.case_id)),
  personal(REQUEST_STAFF, 'recipient', '', (r) => r.recipient),
  personal(REQUEST_STAFF, 'purpose', '#description', (r) => r.purpose),
  col('requested_at', '#date+start', (r) => r.requested_at),
  col('released_at', '#date+end', (r) => text(r.released_at)),
  col('hours_to_release', '', (r) => hours(r.release_seconds)),
];

const PAGE = 200;

/** The organisation's requests, newest first, filtered as the list is, with the caller's columns. */
export async function fundRequestsTable(db: Db, p: Principal, f: Omit<ExportFundRequests, 'format'>, maxRows: number) {
  const lines: Line[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRequests(db, p, { ...f, limit: PAGE, cursor });
    lines.push(...page.rows);
    assertRows(lines.length, maxRows);
    cursor = page.next ?? undefined;
  } while (cursor);
  const columns = columnsFor(p, REQUEST_COLUMNS);
  return { rows: grid(columns, lines), count: lines.length, columns };
}
