// Always-fresh aggregates: the hooks other contexts call around a write that changes what a person contributes
// to the indicators (a case opened or closed, a service, a referral, the person's sex or date of birth, a
// statistics consent, an erasure). `evidenceBefore` locks the people and reads their contributions; the write
// happens; `evidenceAfter` reads them again and adds the difference to the cells, in the same transaction.
// Bulk paths (the import) run inside `withEvidenceDeferred`: the hooks then only note each person's state before
// their first write, and one grouped difference is applied at the end (one upsert row per distinct cell).
import { PostgresAdapter } from 'kysely';
import type { Trx } from '../db/database.ts';
import { lockRowForUpdate } from '../db/dialects/index.ts';
import { addToCells } from './cells.repository.ts';
import {
  type CellAddress,
  type Contribution,
  contributionsOf,
  difference,
  type PersonSnapshot,
} from './contributions.ts';
import { loadSnapshots } from './snapshots.repository.ts';

/** What evidenceBefore saw: the people and their contributions before the write (null inside a deferral). */
export type EvidenceChange = { ids: readonly string[]; before: Map<CellAddress, Contribution> | null };

/**
 * For measurement only (bench/evidence-write): `enabled = false` turns every hook into a no-op, to time the same
 * writes without aggregate maintenance. Nothing in the server sets it.
 */
export const maintenance = { enabled: true };

type Deferral = { seen: Set<string>; before: Map<CellAddress, Contribution> };
const deferrals = new WeakMap<Trx, Deferral>();

/** Sums the contributions of several people into one map. */
function contributionsOfPeople(snapshots: Iterable<PersonSnapshot>, into = new Map<CellAddress, Contribution>()) {
  for (const s of snapshots) contributionsOf(s, into);
  return into;
}

async function lockPeople(trx: Trx, ids: readonly string[]): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    for (const id of ids) await lockRowForUpdate(trx, 'postgres', 'beneficiaries', id);
}

/**
 * Call before a write that changes what `beneficiaryIds` contribute: locks their rows until the transaction ends
 * (PostgreSQL; concurrent writers on one person queue, so neither reads the other's "before") and reads their
 * contributions. Pass the result to evidenceAfter once the write is done.
 */
export async function evidenceBefore(trx: Trx, beneficiaryIds: readonly string[], now: Date): Promise<EvidenceChange> {
  const ids = [...new Set(beneficiaryIds)].sort();
  if (!maintenance.enabled) return { ids, before: null };
  const deferral = deferrals.get(trx);
  if (deferral) {
    const fresh = ids.filter((id) => !deferral.seen.has(id));
    for (const id of fresh) deferral.seen.add(id);
    if (fresh.length) {
      await lockPeople(trx, fresh);
      contributionsOfPeople((await loadSnapshots(trx, fresh, now)).values(), deferral.before);
    }
    return { ids, before: null };
  }
  await lockPeople(trx, ids);
  const snapshots = await loadSnapshots(trx, ids, now);
  return { ids, before: contributionsOfPeople(snapshots.values()) };
}

/**
 * Inside a deferral (a bulk import): reads, in a few queries, the contributions of people the next rows will
 * write to, before any of them is written, so that the hooks of those rows find them already seen instead of
 * reading one person at a time. People already seen are skipped; outside a deferral this does nothing.
 */
export async function evidencePrefetch(trx: Trx, beneficiaryIds: readonly string[], now: Date): Promise<void> {
  const deferral = deferrals.get(trx);
  if (!deferral || !maintenance.enabled) return;
  const fresh = [...new Set(beneficiaryIds)].filter((id) => !deferral.seen.has(id)).sort();
  if (fresh.length === 0) return;
  for (const id of fresh) deferral.seen.add(id);
  await lockPeople(trx, fresh);
  contributionsOfPeople((await loadSnapshots(trx, fresh, now)).values(), deferral.before);
}

/** Call after the write: adds (after - before) to the aggregate cells, in the caller's transaction. */
export async function evidenceAfter(trx: Trx, change: EvidenceChange, now: Date): Promise<void> {
  if (change.before === null) return;
  const snapshots = await loadSnapshots(trx, change.ids, now);
  await addToCells(trx, difference(change.before, contributionsOfPeople(snapshots.values())), now);
}

/**
 * Runs a bulk write (an import) with the hooks deferred: each person's contributions are read once, before their
 * first write; at the end the whole batch is read again in a few queries and the grouped difference is added, one
 * upsert row per distinct cell. Nothing is added when `fn` throws (the caller's transaction rolls back anyway).
 */
export async function withEvidenceDeferred<T>(trx: Trx, now: Date, fn: () => Promise<T>): Promise<T> {
  if (deferrals.has(trx) || !maintenance.enabled) return fn();
  const deferral: Deferral = { seen: new Set(), before: new Map() };
  deferrals.set(trx, deferral);
  let result: T;
  try {
    result = await fn();
  } finally {
    deferrals.delete(trx);
  }
  const ids = [...deferral.seen];
  if (ids.length) {
    const after = contributionsOfPeople((await loadSnapshots(trx, ids, now)).values());
    await addToCells(trx, difference(deferral.before, after), now);
  }
  return result;
}

/**
 * For records inserted in bulk for people who had none before (a generated data set, a seed): reads the batch's
 * contributions in a few queries and adds them grouped, one upsert row per distinct cell.
 */
export async function evidenceAfterBulkInsert(trx: Trx, beneficiaryIds: readonly string[], now: Date): Promise<void> {
  const snapshots = await loadSnapshots(trx, [...new Set(beneficiaryIds)], now);
  await addToCells(trx, contributionsOfPeople(snapshots.values()), now);
}
