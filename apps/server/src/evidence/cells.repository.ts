// Writes to the aggregate cells: upserts that add a delta (INSERT ... ON CONFLICT DO UPDATE SET value = value +
// delta), so concurrent writers never lose an increment, on SQLite and PostgreSQL alike.
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Db, Trx } from '../db/database.ts';
import { type CellAddress, type Contribution, parseAddress } from './contributions.ts';
import { ALL, DETAIL_DIMENSIONS, type Dimension, parseCellKey } from './dimensions.ts';
import type { EvidenceCellTable } from './evidence.table.ts';

// 18 parameters a row: 400 rows stay under SQLite's and PostgreSQL's parameter limits.
const ROWS_PER_STATEMENT = 400;

/** A cell is a summary cell when its detail dimensions (p-code, nationality) are all '*'. */
export function levelOf(v: Record<Dimension, string>): 'summary' | 'detail' {
  return DETAIL_DIMENSIONS.every((d) => v[d] === ALL) ? 'summary' : 'detail';
}

/** The row of a cell address with a delta as its value. */
function rowOf(address: CellAddress, d: Contribution, at: string): EvidenceCellTable {
  const { indicatorId, grain, period, key } = parseAddress(address);
  const v = parseCellKey(key);
  return {
    indicator_id: indicatorId,
    grain,
    level: levelOf(v),
    period,
    cell_key: key,
    organisation_id: v.organisation,
    country: v.country,
    pcode: v.pcode,
    sex: v.sex,
    age_group: v.age_group,
    nationality: v.nationality,
    case_type: v.case_type,
    exploitation_type: v.exploitation_type,
    service_type: v.service_type,
    currency: v.currency,
    value: d.value,
    excluded_value: d.excluded,
    updated_at: at,
  };
}

const COLUMNS = [
  'indicator_id',
  'grain',
  'organisation_id',
  'level',
  'period',
  'cell_key',
  'country',
  'pcode',
  'sex',
  'age_group',
  'nationality',
  'case_type',
  'exploitation_type',
  'service_type',
  'currency',
  'value',
  'excluded_value',
  'updated_at',
] as const satisfies readonly (keyof EvidenceCellTable)[];

// The upsert's text per engine and number of rows: built once (building it with the query builder costs more than
// running it for the few cells a single write changes). Plain SQL both engines accept.
const upsertTexts = new Map<string, string>();
function upsertText(pg: boolean, rows: number): string {
  const key = `${pg}:${rows}`;
  let text = upsertTexts.get(key);
  if (text) return text;
  let n = 0;
  const slot = () => (pg ? `$${++n}` : '?');
  const tuples = Array.from({ length: rows }, () => `(${COLUMNS.map(slot).join(', ')})`);
  text =
    `insert into evidence_cells (${COLUMNS.join(', ')}) values ${tuples.join(', ')} ` +
    'on conflict (indicator_id, grain, organisation_id, level, period, cell_key) do update set ' +
    'value = evidence_cells.value + excluded.value, ' +
    'excluded_value = evidence_cells.excluded_value + excluded.excluded_value, ' +
    'updated_at = excluded.updated_at';
  if (upsertTexts.size > 1000) upsertTexts.clear();
  upsertTexts.set(key, text);
  return text;
}

/**
 * Adds each delta to its cell, creating cells that do not exist yet: one statement per 400 distinct cells. The
 * cells are written in address order, so two transactions touching the same cells lock them in the same order
 * (no deadlock on PostgreSQL).
 */
export async function addToCells(trx: Trx | Db, deltas: ReadonlyMap<CellAddress, Contribution>, now: Date) {
  if (deltas.size === 0) return;
  const at = now.toISOString();
  const pg = trx.getExecutor().adapter instanceof PostgresAdapter;
  const addresses = [...deltas.keys()].sort();
  for (let i = 0; i < addresses.length; i += ROWS_PER_STATEMENT) {
    const part = addresses.slice(i, i + ROWS_PER_STATEMENT);
    const parameters: unknown[] = [];
    for (const a of part) {
      const row = rowOf(a, deltas.get(a)!, at);
      for (const c of COLUMNS) parameters.push(row[c]);
    }
    await trx.executeQuery(CompiledQuery.raw(upsertText(pg, part.length), parameters));
  }
}

/** Every stored cell with a non-zero value or exclusion, as address -> contribution (verify). */
export async function storedCells(db: Db): Promise<Map<CellAddress, Contribution>> {
  const rows = await db
    .selectFrom('evidence_cells')
    .select(['indicator_id', 'grain', 'period', 'cell_key', 'value', 'excluded_value'])
    .where((eb) => eb.or([eb('value', '<>', 0), eb('excluded_value', '<>', 0)]))
    .execute();
  const out = new Map<CellAddress, Contribution>();
  for (const r of rows)
    out.set(`${r.indicator_id}\t${r.grain}\t${r.period}\t${r.cell_key}`, {
      value: Number(r.value),
      excluded: Number(r.excluded_value),
    });
  return out;
}

/** Removes every cell (rebuild starts from nothing, in its transaction). */
export async function clearCells(trx: Trx): Promise<void> {
  await trx.deleteFrom('evidence_cells').execute();
}

/** Removes cells whose value and exclusions are both 0 (left behind when records go). */
export async function pruneEmptyCells(trx: Trx): Promise<number> {
  const r = await trx
    .deleteFrom('evidence_cells')
    .where('value', '=', 0)
    .where('excluded_value', '=', 0)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
