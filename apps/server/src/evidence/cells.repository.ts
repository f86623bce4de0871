// Writes to the aggregate cells: upserts that add a delta (INSERT ... ON CONFLICT DO UPDATE SET value = value +
// delta), so concurrent writers never lose an increment, on SQLite and PostgreSQL alike. A write's deltas go first to
// evidence_pending (a single write's as one row instead of changing each of its 4 to 14 cells; an import's grouped
// deltas as a few rows instead of hundreds of cells); foldPending adds the pending rows to the cells, before every
// read of the cells and in the `evidence-fold` job.
import { CompiledQuery, PostgresAdapter } from 'kysely';
import { type Db, namedStatement, type Trx } from '../db/database.ts';
import type { CellAddress, Contribution } from './contributions.ts';
import { ALL, DETAIL_DIMENSIONS, DIMENSIONS } from './dimensions.ts';
import type { EvidenceCellTable } from './evidence.table.ts';

// 20 parameters a row: 300 rows stay under SQLite's and PostgreSQL's parameter limits.
const ROWS_PER_STATEMENT = 300;

/**
 * The counters of one stored row: its own value, and on a month row a people indicator's part of the quarter; `at`,
 * the time of the latest write that changed them (the row's updated_at).
 */
type Counters = { value: number; excluded: number; qv: number; qe: number; at: string };

/**
 * Every contribution on its row: one row per indicator, grain, period and cell key, where a people indicator's part of
 * a quarter goes on the row of its month (contributions.ts grainsOf), beside the month's own value.
 */
function rowsOf(deltas: ReadonlyMap<CellAddress, Contribution>, at: string): Map<string, Counters> {
  const rows = new Map<string, Counters>();
  for (const [address, d] of deltas) {
    // indicator \t grain \t period \t key; a quarter part is on the month row.
    const t1 = address.indexOf('\t');
    const t2 = address.indexOf('\t', t1 + 1);
    const grain = address.slice(t1 + 1, t2);
    const part = grain === 'quarter';
    const id = part ? `${address.slice(0, t1)}\tmonth${address.slice(t2)}` : address;
    let r = rows.get(id);
    if (!r) {
      r = { value: 0, excluded: 0, qv: 0, qe: 0, at };
      rows.set(id, r);
    }
    if (part) {
      r.qv += d.value;
      r.qe += d.excluded;
    } else {
      r.value += d.value;
      r.excluded += d.excluded;
    }
  }
  return rows;
}

/** The primary key of a row (indicator, grain, organisation, level, period, cell key) and its dimension values. */
function keyOf(id: string): { pk: [string, string, string, string, string, string]; values: string[] } {
  const t1 = id.indexOf('\t');
  const t2 = id.indexOf('\t', t1 + 1);
  const t3 = id.indexOf('\t', t2 + 1);
  const key = id.slice(t3 + 1);
  const values = key.split('|');
  // A summary cell has its detail dimensions (p-code, nationality) at '*'.
  const detail = DETAIL_INDEXES.some((i) => values[i] !== ALL);
  const pk: [string, string, string, string, string, string] = [
    id.slice(0, t1),
    id.slice(t1 + 1, t2),
    values[0] ?? '',
    detail ? 'detail' : 'summary',
    id.slice(t2 + 1, t3),
    key,
  ];
  return { pk, values };
}

/** Appends a row's parameters (COLUMNS order) to `out`. */
function pushRow(out: unknown[], id: string, c: Counters): void {
  const { pk, values } = keyOf(id);
  out.push(...pk);
  for (let i = 1; i < DIMENSIONS.length; i++) out.push(values[i] ?? '');
  out.push(c.value, c.excluded, c.qv, c.qe, c.at);
}

const DETAIL_INDEXES = DETAIL_DIMENSIONS.map((d) => DIMENSIONS.indexOf(d));

/**
 * PostgreSQL: a row's parameters without its dimension columns (PG_KEYED), which the statement takes from the cell
 * key: indicator, grain, level, period, cell key, the four counters and the time.
 */
function pushKeyedRow(out: unknown[], id: string, c: Counters): void {
  const { pk } = keyOf(id);
  out.push(pk[0], pk[1], pk[3], pk[4], pk[5], c.value, c.excluded, c.qv, c.qe, c.at);
}

/** The columns of pushKeyedRow, as the statements name them, and their types. */
const KEYED = [
  ['ind', 'text'],
  ['grn', 'text'],
  ['lvl', 'text'],
  ['per', 'text'],
  ['ky', 'text'],
  ['val', 'bigint'],
  ['exc', 'bigint'],
  ['qval', 'bigint'],
  ['qexc', 'bigint'],
  ['at', 'timestamptz'],
] as const;

/**
 * PostgreSQL: the select list of an upsert from keyed rows aliased `r` (COLUMNS order): the organisation and every
 * dimension value are the cell key's parts (the key is every dimension value joined by '|', organisation first), so
 * each is sent once instead of twice.
 */
const PG_KEYED_SELECT =
  "r.ind, r.grn, split_part(r.ky, '|', 1)::uuid, r.lvl, r.per, r.ky, " +
  DIMENSIONS.slice(1)
    .map((_, j) => `split_part(r.ky, '|', ${j + 2})`)
    .join(', ') +
  ', r.val, r.exc, r.qval, r.qexc, r.at';
// updated_at keeps the latest write's time: a fold may add an older write's deltas after a newer bulk write's.
const PG_ON_CONFLICT =
  ' on conflict (indicator_id, grain, organisation_id, level, period, cell_key) do update set ' +
  ['value', 'excluded_value', 'quarter_value', 'quarter_excluded']
    .map((c) => `${c} = evidence_cells.${c} + excluded.${c}`)
    .join(', ') +
  ', updated_at = greatest(evidence_cells.updated_at, excluded.updated_at)';

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
  'quarter_value',
  'quarter_excluded',
  'updated_at',
] as const satisfies readonly (keyof EvidenceCellTable)[];

const COUNTERS = ['value', 'excluded_value', 'quarter_value', 'quarter_excluded'];

// The upsert's text per engine and number of rows: built once (building it with the query builder costs more than
// running it for the few cells a single write changes). Plain SQL both engines accept.
const upsertTexts = new Map<string, string>();
function upsertText(pg: boolean, rows: number): string {
  const key = `${pg}:${rows}`;
  let text = upsertTexts.get(key);
  if (text) return text;
  if (pg && rows <= SINGLE_WRITE_ROWS) {
    // PostgreSQL, a single write's rows, keyed (pushKeyedRow): 10 parameters a row; a named statement, planned once
    // per connection.
    let n = 0;
    const tuples = Array.from({ length: rows }, () => `(${KEYED.map(([, type]) => `$${++n}::${type}`).join(', ')})`);
    text = namedStatement(
      `insert into evidence_cells (${COLUMNS.join(', ')}) select ${PG_KEYED_SELECT} ` +
        `from (values ${tuples.join(', ')}) as r(${KEYED.map(([name]) => name).join(', ')})${PG_ON_CONFLICT}`,
    );
    upsertTexts.set(key, text);
    return text;
  }
  if (pg) throw new Error('on PostgreSQL more rows than a single write are upserted as column arrays (upsertColumns)');
  // SQLite: every column a parameter.
  const tuples = Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`);
  text =
    `insert into evidence_cells (${COLUMNS.join(', ')}) values ${tuples.join(', ')} ` +
    'on conflict (indicator_id, grain, organisation_id, level, period, cell_key) do update set ' +
    COUNTERS.map((c) => `${c} = evidence_cells.${c} + excluded.${c}`).join(', ') +
    ', updated_at = max(evidence_cells.updated_at, excluded.updated_at)';
  if (upsertTexts.size > 1000) upsertTexts.clear();
  upsertTexts.set(key, text);
  return text;
}

// SQLite, inside a transaction: the few rows a fold changes usually exist already, and adding to each by its key is far
// cheaper than the upsert (measured on 4 rows: about 8 µs against 33 µs in SQLite; an upsert builds the whole record
// to insert before it finds the conflict). One UPDATE per row on the transaction's connection (no query building),
// then one upsert of the rows that were not there. Safe because SQLite has one writer, which the transaction holds.
// PostgreSQL keeps the upsert alone, which is safe against concurrent writers creating the same row.
const UPDATE_ONE = CompiledQuery.raw(
  `update evidence_cells set ${COUNTERS.map((c) => `${c} = ${c} + ?`).join(', ')}, updated_at = max(updated_at, ?) ` +
    'where indicator_id = ? and grain = ? and organisation_id = ? and level = ? and period = ? and cell_key = ?',
);

/** SQLite: adds to the rows of `ids` that exist, one statement each; returns the ids of those that do not. */
async function addToExisting(trx: Trx, ids: readonly string[], rows: ReadonlyMap<string, Counters>) {
  const missing: string[] = [];
  await trx.getExecutor().provideConnection(async (connection) => {
    for (const id of ids) {
      const c = rows.get(id)!;
      const parameters = [c.value, c.excluded, c.qv, c.qe, c.at, ...keyOf(id).pk];
      const r = await connection.executeQuery({ ...UPDATE_ONE, parameters });
      if (r.numAffectedRows === 0n) missing.push(id);
    }
  });
  return missing;
}

/**
 * The rows of a single write (at most): appended as one pending row; a fold of at most this many rows writes them in
 * one statement of their own, named on PostgreSQL.
 */
const SINGLE_WRITE_ROWS = 64;
/** PostgreSQL, a bulk write: rows per statement of column arrays (UPSERT_COLUMNS). */
const PG_BULK_ROWS = 5000;

/**
 * PostgreSQL, a bulk write's rows: one statement whose parameters are the columns as arrays (unnest), so its text is
 * the same for any number of rows and it runs as a named statement, parsed and planned once per connection (the
 * statements of 300 rows × 20 parameters, unnamed, took twice as long for the same 420 rows of a services import:
 * 29 against 14 ms). The rows are inserted in the order of the arrays (address order, as writeCells sorts them).
 */
const UPSERT_COLUMNS = namedStatement(
  `insert into evidence_cells (${COLUMNS.join(', ')}) select ${PG_KEYED_SELECT} ` +
    `from unnest(${KEYED.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
    `as r(${KEYED.map(([name]) => name).join(', ')})${PG_ON_CONFLICT}`,
);

/** PostgreSQL: adds the rows of `ids` (in that order) in one statement of column arrays. */
async function upsertColumns(trx: Trx | Db, ids: readonly string[], rows: ReadonlyMap<string, Counters>) {
  const width = KEYED.length;
  const columns: unknown[][] = Array.from({ length: width }, () => new Array(ids.length));
  const row: unknown[] = [];
  ids.forEach((id, r) => {
    row.length = 0;
    pushKeyedRow(row, id, rows.get(id)!);
    for (let c = 0; c < width; c++) columns[c]![r] = row[c];
  });
  await trx.executeQuery(CompiledQuery.raw(UPSERT_COLUMNS, columns));
}

/**
 * Adds each row to its cell, creating cells that do not exist yet: one statement per 300 distinct rows (SQLite in a
 * transaction, when the rows mostly exist (a fold's: cells written before): one per existing row, then one for the
 * others; PostgreSQL, more than a single write's rows: one statement of column arrays per 5,000). The rows are
 * written in one order (indicator, grain, period, key), so two transactions touching the same rows lock them in the
 * same order (no deadlock on PostgreSQL).
 */
async function writeCells(trx: Trx | Db, rows: ReadonlyMap<string, Counters>, mostlyExisting: boolean) {
  const pg = trx.getExecutor().adapter instanceof PostgresAdapter;
  const ids = [...rows.keys()].sort();
  if (pg && ids.length > SINGLE_WRITE_ROWS) {
    for (let i = 0; i < ids.length; i += PG_BULK_ROWS) await upsertColumns(trx, ids.slice(i, i + PG_BULK_ROWS), rows);
    return;
  }
  for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
    let part = ids.slice(i, i + ROWS_PER_STATEMENT);
    // A bulk write's rows (mostly new) go straight to the upsert, one statement.
    if (!pg && trx.isTransaction && mostlyExisting) part = await addToExisting(trx as Trx, part, rows);
    if (part.length === 0) continue;
    const parameters: unknown[] = [];
    for (const id of part) pg ? pushKeyedRow(parameters, id, rows.get(id)!) : pushRow(parameters, id, rows.get(id)!);
    await trx.executeQuery(CompiledQuery.raw(upsertText(pg, part.length), parameters));
  }
}

/** A pending row's deltas as stored: [row id, value, excluded, quarter part, quarter part excluded] per cell row. */
type PendingRow = [string, number, number, number, number];

const INSERT_PENDING = namedStatement('insert into evidence_pending (deltas, at) values ($1, $2)');

/** The statement that appends a single write's cell rows as one pending row (PostgreSQL text; SQLite as `?`). */
function pendingOf(rows: ReadonlyMap<string, Counters>, at: string, pg: boolean): CompiledQuery {
  const list: PendingRow[] = [];
  for (const [id, c] of rows) list.push([id, c.value, c.excluded, c.qv, c.qe]);
  const text = pg ? INSERT_PENDING : 'insert into evidence_pending (deltas, at) values (?, ?)';
  return CompiledQuery.raw(text, [JSON.stringify(list), at]);
}

/**
 * PostgreSQL, a bulk write's pending rows: one statement whose text is the same for any number of rows (named), the
 * rows' deltas as one text array.
 */
const INSERT_PENDING_ROWS = namedStatement(
  'insert into evidence_pending (deltas, at) select unnest($1::text[]), $2::timestamptz',
);
/** SQLite: pending rows per insert statement (two parameters a row). */
const SQLITE_PENDING_PER_STATEMENT = 200;

/**
 * A bulk write's cell rows (more than a single write's), appended as pending rows of at most SINGLE_WRITE_ROWS cell
 * rows each: no pending row holds more than a single write's, so a fold's batch of FOLD_BATCH rows stays bounded
 * whatever wrote them. In cell order, as writeCells writes.
 */
async function appendPending(trx: Trx | Db, rows: ReadonlyMap<string, Counters>, at: string, pg: boolean) {
  const ids = [...rows.keys()].sort();
  const texts: string[] = [];
  for (let i = 0; i < ids.length; i += SINGLE_WRITE_ROWS) {
    const list: PendingRow[] = [];
    for (const id of ids.slice(i, i + SINGLE_WRITE_ROWS)) {
      const c = rows.get(id)!;
      list.push([id, c.value, c.excluded, c.qv, c.qe]);
    }
    texts.push(JSON.stringify(list));
  }
  if (pg) {
    await trx.executeQuery(CompiledQuery.raw(INSERT_PENDING_ROWS, [texts, at]));
    return;
  }
  for (let i = 0; i < texts.length; i += SQLITE_PENDING_PER_STATEMENT) {
    const part = texts.slice(i, i + SQLITE_PENDING_PER_STATEMENT);
    await trx.executeQuery(
      CompiledQuery.raw(
        `insert into evidence_pending (deltas, at) values ${part.map(() => '(?, ?)').join(', ')}`,
        part.flatMap((t) => [t, at]),
      ),
    );
  }
}

/**
 * Adds a write's deltas to the cells by appending them as pending rows, which foldPending adds to the cells before the
 * next read (or the evidence-fold job, sooner): a single write's (at most 64 cell rows) as one row, a bulk write's
 * (an import) as rows of at most 64 cell rows each. `direct` writes them to the cells at once instead (a generated
 * data set's millions of records, where a fold would only follow the same write).
 */
export async function addToCells(
  trx: Trx | Db,
  deltas: ReadonlyMap<CellAddress, Contribution>,
  now: Date,
  direct = false,
) {
  if (deltas.size === 0) return;
  const at = now.toISOString();
  const rows = rowsOf(deltas, at);
  const pg = trx.getExecutor().adapter instanceof PostgresAdapter;
  if (direct) await writeCells(trx, rows, false);
  else if (rows.size <= SINGLE_WRITE_ROWS) await trx.executeQuery(pendingOf(rows, at, pg));
  else await appendPending(trx, rows, at, pg);
}

/**
 * PostgreSQL, a single write's deltas: the statement addToCells would run for them (the pending row's insert, named,
 * with its parameters), for a caller that sends it with another (maintain.ts evidenceWrite); null when there is
 * nothing to add or more rows than a single write's.
 */
export function pendingStatement(
  deltas: ReadonlyMap<CellAddress, Contribution>,
  now: Date,
): { sql: string; parameters: readonly unknown[] } | null {
  if (deltas.size === 0) return null;
  const at = now.toISOString();
  const rows = rowsOf(deltas, at);
  if (rows.size > SINGLE_WRITE_ROWS) return null;
  return pendingOf(rows, at, true);
}

/** Pending rows one fold takes at most (a fold goes on until fewer are left). */
export const FOLD_BATCH = 5000;

/**
 * PostgreSQL: takes the pending rows, locking them in order (a second fold waits for the first to commit, then finds
 * them gone), and deletes them; the caller adds their deltas to the cells in the same transaction.
 */
const TAKE_PENDING_PG = namedStatement(
  'delete from evidence_pending where seq in ' +
    '(select seq from evidence_pending order by seq limit $1 for update) returning deltas, at',
);
const TAKE_PENDING_SQLITE =
  'delete from evidence_pending where seq in (select seq from evidence_pending order by seq limit ?) returning deltas, at';

/** One fold in the caller's transaction: returns how many pending rows it took. */
async function foldOnce(trx: Trx | Db): Promise<number> {
  const pg = trx.getExecutor().adapter instanceof PostgresAdapter;
  const taken = await trx.executeQuery<{ deltas: string; at: string }>(
    CompiledQuery.raw(pg ? TAKE_PENDING_PG : TAKE_PENDING_SQLITE, [FOLD_BATCH]),
  );
  const rows = new Map<string, Counters>();
  for (const { deltas, at } of taken.rows) {
    for (const [id, value, excluded, qv, qe] of JSON.parse(deltas) as PendingRow[]) {
      const r = rows.get(id);
      if (!r) rows.set(id, { value, excluded, qv, qe, at });
      else {
        r.value += value;
        r.excluded += excluded;
        r.qv += qv;
        r.qe += qe;
        if (at > r.at) r.at = at;
      }
    }
  }
  for (const [id, c] of rows) if (c.value === 0 && c.excluded === 0 && c.qv === 0 && c.qe === 0) rows.delete(id);
  await writeCells(trx, rows, true);
  return taken.rows.length;
}

/**
 * Adds every pending row to the cells and removes it (each batch in a transaction of its own, or in the caller's):
 * run before any read of the cells, so a read sees every write committed before it. Returns how many it folded.
 * Cheap when there is nothing pending (one indexed probe).
 */
export async function foldPending(db: Db | Trx): Promise<number> {
  let folded = 0;
  for (;;) {
    const any = await db.selectFrom('evidence_pending').select('seq').limit(1).executeTakeFirst();
    if (!any) return folded;
    const n = db.isTransaction ? await foldOnce(db) : await db.transaction().execute((trx) => foldOnce(trx));
    folded += n;
    // Fewer than a batch: every row visible when the fold began is folded. None: another fold had taken them (on
    // PostgreSQL this one waited for it to commit); look again, in case that fold has more batches to go.
    if (n > 0 && n < FOLD_BATCH) return folded;
  }
}

/**
 * Every stored contribution with a non-zero value or exclusion, as address -> contribution (verify): a row's value at
 * its own address, a month row's part of a people indicator's quarter at its `quarter` address.
 */
export async function storedCells(db: Db): Promise<Map<CellAddress, Contribution>> {
  await foldPending(db);
  const rows = await db
    .selectFrom('evidence_cells')
    .select([
      'indicator_id',
      'grain',
      'period',
      'cell_key',
      'value',
      'excluded_value',
      'quarter_value',
      'quarter_excluded',
    ])
    .execute();
  const out = new Map<CellAddress, Contribution>();
  const put = (r: (typeof rows)[number], grain: string, value: unknown, excluded: unknown) => {
    const c = { value: Number(value), excluded: Number(excluded) };
    if (c.value !== 0 || c.excluded !== 0) out.set(`${r.indicator_id}\t${grain}\t${r.period}\t${r.cell_key}`, c);
  };
  for (const r of rows) {
    put(r, r.grain, r.value, r.excluded_value);
    put(r, 'quarter', r.quarter_value, r.quarter_excluded);
  }
  return out;
}

/** Removes every cell and every pending delta the transaction sees (rebuild starts from nothing, in its transaction). */
export async function clearCells(trx: Trx): Promise<void> {
  await trx.deleteFrom('evidence_pending').execute();
  await trx.deleteFrom('evidence_cells').execute();
}

/** Writes `deltas` to the cells at once, however few (rebuild: the cells it makes are the cells). */
export async function writeAllCells(trx: Trx, deltas: ReadonlyMap<CellAddress, Contribution>, now: Date) {
  if (deltas.size > 0) await writeCells(trx, rowsOf(deltas, now.toISOString()), false);
}

/** Removes rows whose counters are all 0 (left behind when records go). */
export async function pruneEmptyCells(trx: Trx): Promise<number> {
  const r = await trx
    .deleteFrom('evidence_cells')
    .where('value', '=', 0)
    .where('excluded_value', '=', 0)
    .where('quarter_value', '=', 0)
    .where('quarter_excluded', '=', 0)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
