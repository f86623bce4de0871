// Exports of crises: the registry with the affected migrant population by nationality and place (the latest report
// of each pair; counts only), and the evacuation requests of one crisis (names and phones: the columns depend on the
// caller's roles, and the export is audited as a sensitive read by the route).

import type { ExportCrises, ExportEvacuationRequests, Role } from '@corridor/contracts';
import { RESTRICTED_IDENTITY, restrictedAmong } from '../beneficiaries/beneficiaries.service.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import type { CrisisPopulationRow, CrisisRow, EvacuationRequestRow } from './crises.table.ts';
import { assertRows, col, columnsFor, type ExportColumn, grid, personal, text } from './operations-export.ts';

type CrisisLine = { crisis: CrisisRow; population: CrisisPopulationRow | null };

/** One row per crisis, nationality and place (a crisis without any report has one row with empty figures). */
export const CRISIS_COLUMNS: readonly ExportColumn<CrisisLine>[] = [
  col('crisis_code', '#crisis+code', (l) => l.crisis.code),
  col('crisis_name', '#crisis+name', (l) => l.crisis.name),
  col('country', '#country+code', (l) => l.crisis.country),
  col('started_on', '#date+start', (l) => l.crisis.started_on),
  col('emergency_level', '#severity', (l) => l.crisis.emergency_level),
  col('status', '#status', (l) => l.crisis.status),
  col('nationality', '#country+code+origin', (l) => text(l.population?.nationality)),
  col('pcode', '#loc+code', (l) => text(l.population?.pcode)),
  col('affected_people', '#affected+ind', (l) => text(l.population?.people)),
  col('reported_on', '#date+reported', (l) => text(l.population?.reported_on)),
  col('source', '#meta+source', (l) => text(l.population?.source)),
];

/** Who may take a person's date of birth and phone number out of Corridor: those who accept requests into cases. */
const CASE_STAFF: readonly Role[] = ['caseworker', 'supervisor'];

/**
 * Evacuation requests: everyone the route admits (operations officers, caseworkers, supervisors) gets who asked,
 * where they are and what became of the request; date of birth and phone go only to caseworkers and supervisors.
 */
export const REQUEST_COLUMNS: readonly ExportColumn<EvacuationRequestRow>[] = [
  col('request_id', '', (r) => r.id),
  col('received_at', '#date+reported', (r) => r.received_at),
  col('channel', '', (r) => r.channel),
  col('status', '#status', (r) => r.status),
  col('nationality', '#country+code+origin', (r) => r.nationality),
  col('pcode', '#loc+code', (r) => text(r.pcode)),
  col('given_name', '#beneficiary+name+given', (r) => text(r.given_name)),
  col('family_name', '#beneficiary+name+family', (r) => text(r.family_name)),
  col('sex', '#beneficiary+sex', (r) => text(r.sex)),
  personal(CASE_STAFF, 'date_of_birth', '#date+birth', (r) => text(r.date_of_birth)),
  personal(CASE_STAFF, 'phone', '#contact+phone', (r) => text(r.phone)),
  col('household_size', '', (r) => String(r.household_size)),
  col('beneficiary_id', '#beneficiary+code', (r) => text(r.beneficiary_id)),
  col('case_id', '', (r) => text(r.case_id)),
  col('passenger_id', '', (r) => text(r.passenger_id)),
];

/** The latest report of each nationality and place of a crisis, largest first. */
function latestReports(rows: readonly CrisisPopulationRow[]): CrisisPopulationRow[] {
  const latest = new Map<string, CrisisPopulationRow>();
  for (const r of rows) {
    const k = `${r.nationality}|${r.pcode}`;
    const cur = latest.get(k);
    if (!cur || r.reported_on > cur.reported_on) latest.set(k, r);
  }
  return [...latest.values()].sort(
    (a, b) => b.people - a.people || a.nationality.localeCompare(b.nationality) || a.pcode.localeCompare(b.pcode),
  );
}

/** The crises table of the caller's organisation, filtered as the list is. */
export async function crisesTable(
  db: Db,
  p: Principal,
  f: Omit<ExportCrises, 'format'>,
  maxRows: number,
): Promise<{ rows: string[][]; count: number }> {
  let q = db.selectFrom('crises').selectAll().where('organisation_id', '=', p.organisationId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.level) q = q.where('emergency_level', '=', f.level);
  const crises = await q
    .orderBy('started_on', 'desc')
    .orderBy('id')
    .limit(maxRows + 1)
    .execute();
  assertRows(crises.length, maxRows);
  const pops = crises.length
    ? await db
        .selectFrom('crisis_populations')
        .selectAll()
        .where(
          'crisis_id',
          'in',
          crises.map((c) => c.id),
        )
        .execute()
    : [];
  const lines: CrisisLine[] = [];
  for (const crisis of crises) {
    const latest = latestReports(pops.filter((x) => x.crisis_id === crisis.id));
    if (latest.length === 0) lines.push({ crisis, population: null });
    for (const population of latest) lines.push({ crisis, population });
    assertRows(lines.length, maxRows);
  }
  return { rows: grid(CRISIS_COLUMNS, lines), count: lines.length };
}

/** The evacuation requests of a crisis (already checked to be the caller's), oldest first, with the caller's columns. */
export async function requestsTable(
  db: Db,
  p: Principal,
  crisis: CrisisRow,
  f: Omit<ExportEvacuationRequests, 'format'>,
  maxRows: number,
): Promise<{
  rows: string[][];
  count: number;
  columns: ExportColumn<EvacuationRequestRow>[];
  restrictedShown: string[];
}> {
  let q = db.selectFrom('evacuation_requests').selectAll().where('crisis_id', '=', crisis.id);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.nationality) q = q.where('nationality', '=', f.nationality);
  const requests = await q
    .orderBy('received_at')
    .orderBy('id')
    .limit(maxRows + 1)
    .execute();
  assertRows(requests.length, maxRows);
  const columns = columnsFor(p, REQUEST_COLUMNS);
  // A person restricted since (a sensitive case) keeps their identity out of the file unless the caller is on it.
  const { hidden, shown } = await restrictedAmong(
    db,
    p,
    requests.flatMap((r) => (r.beneficiary_id ? [r.beneficiary_id] : [])),
  );
  const lines = requests.map((r) =>
    r.beneficiary_id !== null && hidden.has(r.beneficiary_id)
      ? { ...r, given_name: RESTRICTED_IDENTITY, family_name: null, sex: null, date_of_birth: null, phone: null }
      : r,
  );
  return { rows: grid(columns, lines), count: requests.length, columns, restrictedShown: shown };
}
