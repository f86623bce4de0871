// Indicator computations of movements (issue 7, item 6): people evacuated, resettled and returned in a period,
// counted as passengers who arrived (a booking that never arrived is not a person moved). Plain functions over the
// database, ready to be registered in the indicator engine (apps/server/src/evidence; see docs/operations.md).
//
// Whole months are read from the counts kept with every passenger step (movement_figures: at most 3 rows per
// month); a month the period covers only in part is counted from the passengers themselves, for those days only,
// through the index (organisation_id, arrived_at, movement_type). A year's figures are 36 rows, whatever the volume.
import type { MovementFigures } from '@corridor/contracts';
import type { Db } from '../db/database.ts';
import { arrivalsBetween, figuresOfMonths, lostRecordedBetween } from './movements.repository.ts';

const FIGURE_OF: Readonly<Record<string, 'evacuated' | 'resettled' | 'returned'>> = {
  evacuation: 'evacuated',
  resettlement: 'resettled',
  voluntary_return: 'returned',
};

/** The first day of the month after `month` (YYYY-MM), as YYYY-MM-DD. */
function nextMonthStart(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12
    ? `${String(y + 1).padStart(4, '0')}-01-01`
    : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The months from `from`'s to `to`'s (YYYY-MM), counted as numbers (a four-digit year throughout). */
function monthsBetween(from: string, to: string): string[] {
  const index = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = index(from), last = index(to); i <= last; i++)
    out.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

const dayAfter = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const startOf = (day: string): string => `${day}T00:00:00.000Z`;

/**
 * People moved by an organisation between two days (both included): arrivals per movement type, in total and by
 * month, plus the no-shows and cancellations recorded in the period.
 */
export async function movementFigures(
  db: Db,
  organisationId: string,
  from: string,
  to: string,
): Promise<MovementFigures> {
  const end = dayAfter(to);
  const months = monthsBetween(from, to);
  const whole = months.filter((m) => `${m}-01` >= from && nextMonthStart(m) <= end);
  const byMonth = new Map(months.map((m) => [m, { month: m, evacuated: 0, resettled: 0, returned: 0 }]));
  const totals = { evacuated: 0, resettled: 0, returned: 0 };
  let noShows = 0;
  let cancelled = 0;
  if (whole.length) {
    for (const r of await figuresOfMonths(db, organisationId, whole[0]!, whole.at(-1)!)) {
      if (!whole.includes(r.month)) continue;
      const k = FIGURE_OF[r.movement_type];
      if (k) {
        byMonth.get(r.month)![k] += r.arrived;
        totals[k] += r.arrived;
      }
      noShows += r.no_show;
      cancelled += r.cancelled;
    }
  }
  for (const m of months.filter((x) => !whole.includes(x))) {
    // Days as YYYY-MM-DD compare as strings: the later start and the earlier end.
    const lo = [`${m}-01`, from].sort()[1]!;
    const hi = [nextMonthStart(m), end].sort()[0]!;
    for (const r of await arrivalsBetween(db, organisationId, startOf(lo), startOf(hi))) {
      const k = FIGURE_OF[r.type];
      if (!k) continue;
      byMonth.get(m)![k] += r.n;
      totals[k] += r.n;
    }
    const lost = await lostRecordedBetween(db, organisationId, startOf(lo), startOf(hi));
    noShows += lost.noShows;
    cancelled += lost.cancelled;
  }
  return { from, to, totals, byMonth: [...byMonth.values()], noShows, cancelled };
}

/** Indicator: people evacuated (arrived on evacuation movements) in the period. */
export async function evacuatedCount(db: Db, organisationId: string, from: string, to: string): Promise<number> {
  return (await movementFigures(db, organisationId, from, to)).totals.evacuated;
}

/** Indicator: people resettled (arrived on resettlement movements) in the period. */
export async function resettledCount(db: Db, organisationId: string, from: string, to: string): Promise<number> {
  return (await movementFigures(db, organisationId, from, to)).totals.resettled;
}

/** Indicator: people returned (arrived on assisted voluntary return movements) in the period. */
export async function returnedCount(db: Db, organisationId: string, from: string, to: string): Promise<number> {
  return (await movementFigures(db, organisationId, from, to)).totals.returned;
}
