// `corridor evidence verify` and `corridor evidence rebuild`: every indicator recomputed from the raw records
// (people, consent events, cases, codes, services, referrals, read page by page with plain queries) and compared
// with, or written over, the stored aggregate cells.
import { PostgresAdapter, sql } from 'kysely';
import type { Db, Trx } from '../db/database.ts';
import { clearCells, storedCells, writeAllCells } from './cells.repository.ts';
import {
  type CellAddress,
  type Contribution,
  contributionsOf,
  parseAddress,
  periodOfAddress,
  RECORDS_GRAIN,
} from './contributions.ts';
import { findIndicator } from './indicators.ts';
import { keepable, keptText } from './snapshot-cache.ts';
import { loadSnapshots, personIdsPage } from './snapshots.repository.ts';

const PAGE = 2000;

/**
 * Every cell as the raw records say it should be (non-zero cells only). `expired`, when given, receives the people
 * whose statistics grant has expired without the cells having applied it yet (person id -> consent event id).
 */
export async function recompute(
  db: Db,
  now: Date,
  expired?: Map<string, string>,
): Promise<Map<CellAddress, Contribution>> {
  const out = new Map<CellAddress, Contribution>();
  let after: string | null = null;
  for (;;) {
    const ids = await personIdsPage(db, after, PAGE);
    if (ids.length === 0) break;
    for (const [id, s] of await loadSnapshots(db, ids, now)) {
      contributionsOf(s, out);
      if (s.pendingExpiry) expired?.set(id, s.pendingExpiry);
    }
    after = ids[ids.length - 1]!;
  }
  for (const [a, c] of out) if (c.value === 0 && c.excluded === 0) out.delete(a);
  return out;
}

/** One cell where the stored aggregate and the recomputation differ. */
export type CellDifference = {
  indicatorId: string;
  grain: string;
  period: string;
  key: string;
  stored: Contribution;
  recomputed: Contribution;
};

export type VerifyReport = {
  cells: number;
  indicators: number;
  differences: CellDifference[];
  /** Kept snapshots in use (snapshot-cache.ts) compared with their people's records. */
  kept: number;
  /** The people whose kept snapshot differs from their records (it would make their next write's deltas wrong). */
  keptDifferences: string[];
};

/**
 * Compares every kept snapshot still in use (valid at `now`) with a read of the person's records: the same text, and
 * the same time it holds until; returns how many were compared and the people whose snapshot differs.
 */
export async function verifyKept(db: Db, now: Date): Promise<{ kept: number; keptDifferences: string[] }> {
  // PostgreSQL: the kept rows and the records on one snapshot (a write that commits meanwhile changes both or neither).
  if (db.getExecutor().adapter instanceof PostgresAdapter && !db.isTransaction)
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => verifyKept(trx, now));
  const keptDifferences: string[] = [];
  let kept = 0;
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('evidence_people')
      .select(['beneficiary_id', 'snapshot', 'valid_until'])
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now.toISOString())]))
      .orderBy('beneficiary_id')
      .limit(PAGE);
    if (after !== null) q = q.where('beneficiary_id', '>', after);
    const rows = await q.execute();
    if (rows.length === 0) break;
    const records = await loadSnapshots(
      db,
      rows.map((r) => r.beneficiary_id),
      now,
    );
    for (const r of rows) {
      const s = records.get(r.beneficiary_id)!;
      const until = (x: string | null | undefined) => (x ? Date.parse(x) : null);
      if (!keepable(s) || keptText(s) !== r.snapshot || until(s.validUntil) !== until(r.valid_until))
        keptDifferences.push(r.beneficiary_id);
    }
    kept += rows.length;
    after = rows[rows.length - 1]!.beneficiary_id;
  }
  return { kept, keptDifferences };
}

/** Is this indicator a sum of money, whose `quarter` addresses are the numbers of records (RECORDS_GRAIN)? */
const isValue = (id: string) => {
  const def = findIndicator(id);
  return def?.computation === 'incremental' && def.measure === 'value';
};

/**
 * Contributions by the period they count in: a people indicator's quarter and year parts, which sit on months,
 * summed into their quarter or year (what every query reads), without the sums that come to zero. A sum of money's
 * numbers of records stay on their months, named `records`.
 */
export function byPeriod(cells: ReadonlyMap<CellAddress, Contribution>): Map<CellAddress, Contribution> {
  const out = new Map<CellAddress, Contribution>();
  for (const [a, c] of cells) {
    const { indicatorId, grain, period, key } = parseAddress(a);
    const address =
      grain === RECORDS_GRAIN && isValue(indicatorId)
        ? `${indicatorId}\trecords\t${period}\t${key}`
        : `${indicatorId}\t${grain}\t${periodOfAddress(grain, period)}\t${key}`;
    const o = out.get(address);
    if (o) {
      o.value += c.value;
      o.excluded += c.excluded;
    } else out.set(address, { value: c.value, excluded: c.excluded });
  }
  for (const [a, c] of out) if (c.value === 0 && c.excluded === 0) out.delete(a);
  return out;
}

/**
 * Compares the stored cells with a recomputation from the raw records, period by period (a people indicator's
 * quarters and years as the sums of their months' parts, which is all a query reads); no difference is the only
 * good answer.
 */
export async function verifyEvidence(db: Db, now: Date): Promise<VerifyReport> {
  const expected = byPeriod(await recompute(db, now));
  const stored = byPeriod(await storedCells(db));
  const differences: CellDifference[] = [];
  const zero = { value: 0, excluded: 0 };
  for (const a of new Set([...expected.keys(), ...stored.keys()])) {
    const e = expected.get(a) ?? zero;
    const s = stored.get(a) ?? zero;
    if (e.value !== s.value || e.excluded !== s.excluded)
      differences.push({ ...parseAddress(a), stored: s, recomputed: e });
  }
  differences.sort((x, y) =>
    `${x.indicatorId}\t${x.grain}\t${x.period}\t${x.key}` < `${y.indicatorId}\t${y.grain}\t${y.period}\t${y.key}`
      ? -1
      : 1,
  );
  const indicators = new Set([...expected.keys()].map((a) => parseAddress(a).indicatorId)).size;
  return { cells: expected.size, indicators, differences, ...(await verifyKept(db, now)) };
}

/**
 * Replaces every stored cell by the recomputation, in a transaction of its own (the kept snapshots removed before it); returns the number of cells counted
 * as verify counts them (by period: a people indicator's quarter parts on month rows make one quarter cell). The
 * records are read and the cells and pending rows cleared on one snapshot: on SQLite the clearing takes the one
 * write lock first; on PostgreSQL the transaction is REPEATABLE READ, so a write committed while the rebuild runs is
 * neither in the recomputation nor cleared (its pending row is folded afterwards), and a fold or bulk write that
 * changes a cell meanwhile makes the rebuild start again (serialization failure; up to 5 attempts). `inTransaction`
 * runs in the same transaction after the cells are written (the command's audit entry).
 */
export async function rebuildEvidence(
  db: Db,
  now: Date,
  o: {
    inTransaction?: (trx: Trx, cells: number) => Promise<void>;
    /** Tests only: runs once the cells are cleared, before the records are read. */
    afterClear?: () => Promise<void>;
  } = {},
): Promise<number> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // The kept snapshots go first (a single write keeps its person's again): a rebuild starts from the records alone.
  // On PostgreSQL those a write holds at this moment are left to it (it replaces or removes them), so the rebuild
  // never waits for a write nor deadlocks with one that removes several.
  if (pg)
    await sql`delete from evidence_people where beneficiary_id in
      (select beneficiary_id from evidence_people order by beneficiary_id for update skip locked)`.execute(db);
  else await db.deleteFrom('evidence_people').execute();
  for (let attempt = 1; ; attempt++) {
    try {
      const transaction = pg ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
      return await transaction.execute(async (trx) => {
        const n = await rebuildIn(trx, now, o.afterClear);
        await o.inTransaction?.(trx, n);
        return n;
      });
    } catch (err) {
      if (pg && attempt < 5 && (err as { code?: string }).code === '40001') continue;
      throw err;
    }
  }
}

async function rebuildIn(trx: Trx, now: Date, afterClear?: () => Promise<void>): Promise<number> {
  const expired = new Map<string, string>();
  // Cleared first: the snapshot (PostgreSQL) or the write lock (SQLite) is taken before the records are read.
  await clearCells(trx);
  await afterClear?.();
  const expected = await recompute(trx, now, expired);
  await writeAllCells(trx, expected, now);
  // The cells now hold every expired grant as expired: note them applied, so the expiry job leaves them.
  const rows = [...expired].map(([id, event]) => ({
    consent_event_id: event,
    beneficiary_id: id,
    applied_at: now.toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('evidence_membership')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('consent_event_id').doNothing())
      .execute();
  return byPeriod(expected).size;
}
