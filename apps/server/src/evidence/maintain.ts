// Always-fresh aggregates: the hooks other contexts call around a write that changes what a person contributes
// to the indicators (a case opened or closed, a service, a referral, the person's sex or date of birth, a
// statistics consent, an erasure). `evidenceBefore` locks the people and reads their contributions; the write
// happens; `evidenceAfter` reads them again and adds the difference to the cells, in the same transaction.
// Bulk paths (the import) run inside `withEvidenceDeferred`: the hooks then only note each person's state before
// their first write, and one grouped difference is added at the end (as pending rows, cells.repository
// addToCells). The people of a large bulk write are read and their differences derived in the evidence reader thread
// (reader.ts), beside the writing thread; the writing thread adds the thread's answer with its own.
import { CompiledQuery, PostgresAdapter } from 'kysely';
import { CombinedTexts, type Db, namedStatement, type Trx, unmarked } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { extend } from '../lib/objects.ts';
import { addToCells, pendingStatement } from './cells.repository.ts';
import {
  asInCells,
  type CellAddress,
  type Contribution,
  contributionsOf,
  type Derivation,
  derivationStep,
  difference,
  type EvidenceAdded,
  type PersonSnapshot,
  type SnapshotCase,
  type SnapshotPerson,
  type SnapshotService,
  snapshotDelta,
  withAdded,
} from './contributions.ts';
import type { EvidenceMembershipTable } from './evidence.table.ts';
import { evidenceReader, RemoteSnapshots } from './reader.ts';
import { keepable, keptText } from './snapshot-cache.ts';
import { type KeptRead, loadSnapshots, lockAndLoadPerson, lockAndLoadPersonWith } from './snapshots.repository.ts';

/**
 * What evidenceBefore saw: the people's snapshots before the write (null inside a deferral); `kept` when the one
 * person's snapshot was read with their kept one (evidenceBeforeWith on PostgreSQL: snapshot-cache.ts), saying
 * whether it was used.
 */
export type EvidenceChange = { ids: readonly string[]; before: Map<string, PersonSnapshot> | null; kept?: KeptRead };

/**
 * For measurement only (bench/evidence-write): `enabled = false` turns every hook into a no-op, to time the same
 * writes without aggregate maintenance. Nothing in the server sets it.
 */
export const maintenance = { enabled: true };

/**
 * A bulk write in progress: each person's snapshot before their first write (the difference at the end takes
 * snapshotDelta, which for rows that only add records derives just the new ones). Beyond MAX_SNAPSHOTS people the
 * snapshots are not kept, to bound memory: the rest's contributions before are summed in `overflowBefore` and
 * their difference derived in full at the end.
 */
type Deferral = {
  snapshots: Map<string, PersonSnapshot>;
  overflow: Set<string>;
  overflowBefore: Map<CellAddress, Contribution>;
  /** Overflow people with an expired grant not applied yet: their snapshot before, for markExpiriesApplied. */
  overflowExpiring: Map<string, PersonSnapshot>;
  /** What the writes said they added, per person (when that is all they did). */
  added: Map<string, { cases: SnapshotCase[]; services: SnapshotService[] }>;
  /** People written by a write that did not say what it added: read again at the end. */
  dirty: Set<string>;
  /**
   * People the bulk write created, with the attributes the cells break them down by: when every later write to
   * one of them said what it added, their records are known without reading them (evidenceNewPeople).
   */
  created: Map<string, SnapshotPerson>;
  /** The bulk write rolled its records back (a dry run): nothing is to be added. */
  discarded: boolean;
  /**
   * A bulk write of many people hands them to the evidence reader thread (reader.ts): it reads each before their
   * first write and derives the deltas of what they gain. Undefined until a batch large enough decides; null when
   * the thread is not used.
   */
  remote: RemoteSnapshots | null | undefined;
  /** Whether this bulk write may hand its people to the reader thread at all (withEvidenceDeferred's `reader`). */
  reader: boolean;
  /** People handed to the reader thread. */
  remoteSeen: Set<string>;
  /** What the writes said they added to those people since the last batch, not sent to the thread yet. */
  remoteAdded: Map<string, { cases: SnapshotCase[]; services: SnapshotService[] }>;
  /** Work due once the bulk write next waits for the database (whenWaiting). */
  due: Set<(deferral: Deferral) => void>;
  /**
   * People read or created in place whose noted additions are not derived yet: they are derived once the bulk write
   * next waits for the database (whenWaiting), into `derivation`, and their snapshots become the people as the
   * cells are to hold them.
   */
  toDerive: Set<string>;
  derivation: Derivation;
};
const deferrals = new WeakMap<Trx, Deferral>();
const MAX_SNAPSHOTS = 50_000;

/** Sums the contributions of several people into one map. */
function contributionsOfPeople(snapshots: Iterable<PersonSnapshot>, into = new Map<CellAddress, Contribution>()) {
  for (const s of snapshots) contributionsOf(s, into);
  return into;
}

/** A statistics grant whose expiry the cells now reflect: [person, consent event]. */
type Expiry = readonly [string, string];

/** The expired grants not yet applied of these snapshots (pendingExpiry), as pairs. */
function expiriesOf(snapshots: Iterable<readonly [string, PersonSnapshot | undefined]>): Expiry[] {
  const out: Expiry[] = [];
  for (const [id, s] of snapshots) if (s?.pendingExpiry) out.push([id, s.pendingExpiry]);
  return out;
}

/**
 * Notes that the cells now hold these people as the ledger says, in the write's transaction: the expired grants of
 * the snapshots the deltas were derived from, before (the cells held them as counted; a write that records a newer
 * grant supersedes such an expiry, and noting it still tells a concurrent rebuild that this write took the person as
 * counted) and after.
 *
 * Why before too: on PostgreSQL a rebuild (REPEATABLE READ) that read such a person while this write held them
 * notes the expiry after it (the row's foreign key waits for this write's lock on the person); finding this write's
 * row, committed after its snapshot, it fails with a serialization failure and starts again on a snapshot that sees
 * the write, instead of keeping the person as expired beside this write's deltas.
 */
async function markExpiriesApplied(trx: Trx | Db, expiries: readonly Expiry[], now: Date): Promise<void> {
  const rows = new Map<string, EvidenceMembershipTable>();
  for (const [id, event] of expiries)
    rows.set(event, { consent_event_id: event, beneficiary_id: id, applied_at: now.toISOString() });
  const list = [...rows.values()];
  for (let i = 0; i < list.length; i += 500)
    await trx
      .insertInto('evidence_membership')
      .values(list.slice(i, i + 500))
      .onConflict((oc) => oc.column('consent_event_id').doNothing())
      .execute();
}

/** The deltas that are not zero (cells whose counts moved). */
function nonZero(deltas: Map<CellAddress, Contribution>): Map<CellAddress, Contribution> {
  for (const [a, d] of deltas) if (d.value === 0 && d.excluded === 0) deltas.delete(a);
  return deltas;
}

/**
 * PostgreSQL: locks the people's rows until the transaction ends, in id order (two writers on overlapping people
 * queue instead of deadlocking), and removes their kept snapshots (the write about to follow changes their records
 * otherwise than evidenceWrite keeps): one statement, the function evidence_lock_people (migration
 * 20261130T1220), whose text is the same for any number of people (named, planned once per connection). SQLite has
 * one writer and keeps no snapshots.
 */
async function lockPeople(trx: Trx | Db, ids: readonly string[]): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter) || ids.length === 0) return;
  await trx.executeQuery(CompiledQuery.raw(LOCK_PEOPLE, [[...ids]]));
}
const LOCK_PEOPLE = namedStatement('select evidence_lock_people($1::uuid[]) as n');

/**
 * After evidenceBefore or evidenceBeforeWith, for a write to one of the person's cases: refuses it when the case is no
 * longer theirs once they are locked (a merge moved it, or undid a merge, after the write read the case): it would be
 * counted, and kept, for the wrong person. A 412, as for any record changed meanwhile. Nothing to check without a
 * snapshot (inside a bulk write's deferral, or with the upkeep off).
 */
export function evidenceCaseOf(change: EvidenceChange, personId: string, caseId: string): void {
  const s = change.before?.get(personId);
  if (s && !s.cases.some((c) => c.id === caseId))
    throw new DomainError(
      'precondition_failed',
      'The case changed meanwhile (its person was merged); reload and retry.',
    );
}

/**
 * A write that changes a record of these people that no indicator counts (a referral accepted or declined: its
 * status is in their snapshot, but only a closure counts): their kept snapshots no longer hold. Locks them and
 * removes those (PostgreSQL; one statement); nothing on SQLite, which keeps none.
 */
export async function evidenceRecordsChanged(trx: Trx, beneficiaryIds: readonly string[]): Promise<void> {
  if (!maintenance.enabled) return;
  await lockPeople(trx, [...new Set(beneficiaryIds)].sort());
}

/** Sends the reader thread what the writes added to its people since the last batch. */
function flushRemote(deferral: Deferral): void {
  if (!deferral.remote || deferral.remoteAdded.size === 0) return;
  deferral.remote.add([...deferral.remoteAdded].map(([id, a]) => [id, a.cases, a.services] as const));
  deferral.remoteAdded.clear();
}

/**
 * Runs `work` once the bulk write next waits for the database (a batch's writes note their people one after another
 * without waiting): sending the additions noted so far to the reader thread (flushRemote), or deriving them in place
 * (deriveNoted), then happens while the database works instead of at the bulk write's next batch or its end. Each
 * work at most once per wait.
 */
function whenWaiting(deferral: Deferral, work: (deferral: Deferral) => void): void {
  if (deferral.due.has(work)) return;
  deferral.due.add(work);
  setImmediate(() => {
    deferral.due.delete(work);
    work(deferral);
  });
}

/**
 * Derives, in place, the additions noted so far to people whose state before them is known (read before their first
 * write, or created by the bulk write), each as one derivation step from the person as the cells are to hold them:
 * the work the end of the bulk write would otherwise do after its last statement. People written without saying what
 * they gained are left to be read again at the end.
 */
function deriveNoted(deferral: Deferral): void {
  for (const id of deferral.toDerive) {
    const added = deferral.added.get(id);
    const current = deferral.snapshots.get(id);
    if (!added || !current || deferral.dirty.has(id)) continue;
    let after: PersonSnapshot;
    if (current.person !== null) after = withAdded(current, added);
    else {
      // Created by this write with only records added since: the person as created, not counted (a bulk write
      // records no statistics basis; recording one goes through the hooks without `added`, which marks them dirty).
      const person = deferral.created.get(id);
      if (!person) continue;
      after = extend(withAdded(current, added), { person, counted: false });
    }
    deferral.snapshots.set(id, derivationStep(deferral.derivation, id, current, after));
    deferral.added.delete(id);
  }
  deferral.toDerive.clear();
}

/**
 * Inside a deferral: locks and reads the people not seen yet, keeping what they contribute before any write (or
 * hands them to the reader thread, which does that on its own connection while this thread writes).
 */
async function noteBefore(trx: Trx, deferral: Deferral, ids: readonly string[], now: Date): Promise<void> {
  flushRemote(deferral);
  const fresh = [...new Set(ids)]
    .filter((id) => !deferral.snapshots.has(id) && !deferral.overflow.has(id) && !deferral.remoteSeen.has(id))
    .sort();
  if (fresh.length === 0) return;
  if (deferral.remote === undefined && deferral.reader && fresh.length >= evidenceReader.fromPeople)
    deferral.remote = await RemoteSnapshots.start(trx);
  if (deferral.remote && deferral.remoteSeen.size + fresh.length <= evidenceReader.maxPeople) {
    // PostgreSQL: locked first, so that the thread's connection reads them as they are before this write and no
    // other writer changes them until it ends.
    await lockPeople(trx, fresh);
    deferral.remote.read(fresh, now);
    for (const id of fresh) deferral.remoteSeen.add(id);
    return;
  }
  await lockPeople(trx, fresh);
  for (const [id, s] of await loadSnapshots(trx, fresh, now)) {
    if (deferral.snapshots.size < MAX_SNAPSHOTS) deferral.snapshots.set(id, s);
    else {
      deferral.overflow.add(id);
      contributionsOf(asInCells(s), deferral.overflowBefore);
      if (s.pendingExpiry) deferral.overflowExpiring.set(id, s);
    }
  }
}

/**
 * Call before a write that changes what `beneficiaryIds` contribute: locks their rows until the transaction ends
 * (PostgreSQL; concurrent writers on one person queue, so neither reads the other's "before") and reads their
 * records. Pass the result to evidenceAfter once the write is done.
 */
export async function evidenceBefore(trx: Trx, beneficiaryIds: readonly string[], now: Date): Promise<EvidenceChange> {
  const ids = [...new Set(beneficiaryIds)].sort();
  if (!maintenance.enabled) return { ids, before: null };
  const deferral = deferrals.get(trx);
  if (deferral) {
    await noteBefore(trx, deferral, ids, now);
    return { ids, before: null };
  }
  // PostgreSQL, one person: the lock and the read in one round trip (which removes their kept snapshot).
  if (ids.length === 1 && trx.getExecutor().adapter instanceof PostgresAdapter)
    return { ids, before: (await lockAndLoadPerson(trx, ids[0]!, now)).before };
  await lockPeople(trx, ids);
  return { ids, before: await loadSnapshots(trx, ids, now) };
}

/**
 * evidenceBefore for the one person of a single write, together with a read the write needs anyway (`read`, a
 * compiled select that does not depend on the person): on PostgreSQL both go in one statement, one round trip
 * instead of two (snapshots.repository lockAndLoadPersonWith: the read's rows then come as JSON gives them, so
 * select text columns, numbers or booleans); otherwise the read runs, then evidenceBefore. Returns the change for
 * evidenceAfter or evidenceWrite and the read's rows.
 */
export async function evidenceBeforeWith<R>(
  trx: Trx,
  beneficiaryId: string,
  now: Date,
  read: CompiledQuery<R>,
): Promise<{ change: EvidenceChange; rows: R[] }> {
  if (maintenance.enabled && !deferrals.has(trx) && trx.getExecutor().adapter instanceof PostgresAdapter) {
    const { before, kept, rows } = await lockAndLoadPersonWith(trx, beneficiaryId, now, read);
    return { change: { ids: [beneficiaryId], before, kept }, rows: rows as R[] };
  }
  const { rows } = await trx.executeQuery(read);
  return { change: await evidenceBefore(trx, [beneficiaryId], now), rows: [...rows] };
}

/**
 * Inside a deferral (a bulk import): notes people the bulk write has just created. They have no records yet, so
 * they contribute nothing before, and their first write needs no read. Given with their attributes (as stored),
 * they are not read at the end either when every later write said what it added. Outside a deferral this does
 * nothing.
 */
export function evidenceNewPeople(trx: Trx, people: readonly (string | SnapshotPerson)[]): void {
  const deferral = deferrals.get(trx);
  if (!deferral || !maintenance.enabled) return;
  for (const one of people) {
    const id = typeof one === 'string' ? one : one.id;
    if (deferral.snapshots.has(id) || deferral.overflow.has(id) || deferral.remoteSeen.has(id)) continue;
    deferral.snapshots.set(id, { person: null, counted: false, cases: [], services: [], referrals: [] });
    if (typeof one !== 'string') deferral.created.set(id, one);
  }
}

/**
 * Inside a deferral (a bulk import): reads, in a few queries, the records of people the next rows will write to,
 * before any of them is written, so that the hooks of those rows find them already seen instead of reading one
 * person at a time. People already seen are skipped; outside a deferral this does nothing.
 */
export async function evidencePrefetch(trx: Trx, beneficiaryIds: readonly string[], now: Date): Promise<void> {
  const deferral = deferrals.get(trx);
  if (!deferral || !maintenance.enabled) return;
  await noteBefore(trx, deferral, beneficiaryIds, now);
}

/** What each person gained, when the write said so: one person's additions, or a map for a write to several. */
function gainedByPerson(
  change: EvidenceChange,
  added: EvidenceAdded | ReadonlyMap<string, EvidenceAdded> | undefined,
): ReadonlyMap<string, EvidenceAdded> | null {
  if (added instanceof Map) return added;
  return added && change.ids.length === 1 ? new Map([[change.ids[0]!, added as EvidenceAdded]]) : null;
}

/**
 * Inside a deferral: notes what writes to these people added (`byPerson`; a person without an entry is read again at
 * the end). The reader thread's people's additions go to it once the bulk write next waits (whenWaiting); the others
 * are derived in place then.
 */
function noteAdded(
  deferral: Deferral,
  ids: readonly string[],
  byPerson: ReadonlyMap<string, EvidenceAdded> | null,
): void {
  for (const id of ids) {
    const gained = byPerson?.get(id);
    if (deferral.remoteSeen.has(id)) {
      // The reader thread's people: additions go to it with the next batch; anything else is read again at the end.
      if (!gained) {
        deferral.dirty.add(id);
        deferral.remoteAdded.delete(id);
      } else if (!deferral.dirty.has(id)) {
        const list = deferral.remoteAdded.get(id) ?? { cases: [], services: [] };
        list.cases.push(...(gained.cases ?? []));
        list.services.push(...(gained.services ?? []));
        deferral.remoteAdded.set(id, list);
        whenWaiting(deferral, flushRemote);
      }
      continue;
    }
    if (!gained) {
      deferral.dirty.add(id);
      continue;
    }
    const list = deferral.added.get(id) ?? { cases: [], services: [] };
    list.cases.push(...(gained.cases ?? []));
    list.services.push(...(gained.services ?? []));
    deferral.added.set(id, list);
    deferral.toDerive.add(id);
    whenWaiting(deferral, deriveNoted);
  }
}

/**
 * Inside a deferral (an import), before a bulk insert that only adds these records to these people: notes them, as
 * evidenceAfter would after it, and sends the reader thread its people's share at once, so that the thread derives
 * them while this one inserts (on the embedded database, whose driver answers at once, the bulk write would not wait
 * before the insert is done). An insert that then fails fails the bulk write, which adds nothing. Outside a deferral
 * this does nothing: call evidenceBefore and evidenceAfter around the write.
 */
export function evidenceAdding(trx: Trx, added: ReadonlyMap<string, EvidenceAdded>): void {
  const deferral = deferrals.get(trx);
  if (!deferral || !maintenance.enabled) return;
  noteAdded(deferral, [...added.keys()], added);
  flushRemote(deferral);
}

/**
 * Call after the write: adds (after - before) to the aggregate cells, in the caller's transaction. A write that
 * only added records to one person may say which (`added`); the records are then not read again.
 */
export async function evidenceAfter(
  trx: Trx,
  change: EvidenceChange,
  now: Date,
  added?: EvidenceAdded | ReadonlyMap<string, EvidenceAdded>,
): Promise<void> {
  const byPerson = gainedByPerson(change, added);
  if (change.before === null) {
    // Inside a deferral: note what was added (read again at the end when the write did not say).
    const deferral = deferrals.get(trx);
    if (deferral) noteAdded(deferral, change.ids, byPerson);
    return;
  }
  const known =
    byPerson !== null && [...change.before].every(([id, before]) => before.person !== null && byPerson.has(id));
  const after = known
    ? new Map([...change.before].map(([id, before]) => [id, withAdded(before, byPerson.get(id)!)] as const))
    : await loadSnapshots(trx, change.ids, now);
  const deltas = new Map<CellAddress, Contribution>();
  for (const [id, before] of change.before) snapshotDelta(asInCells(before), after.get(id)!, deltas);
  await addToCells(trx, nonZero(deltas), now);
  await markExpiriesApplied(trx, [...expiriesOf(change.before), ...expiriesOf(after)], now);
  // The kept snapshot read (a miss removed it) no longer holds.
  if (change.kept === 'hit') await trx.executeQuery(CompiledQuery.raw(FORGET_KEPT, [change.ids[0]]));
}

/** Writes a person's kept snapshot (snapshot-cache.ts), or replaces it. */
const KEEP = namedStatement(
  'insert into evidence_people (beneficiary_id, snapshot, valid_until) values ($1::uuid, $2, $3::timestamptz) ' +
    'on conflict (beneficiary_id) do update set snapshot = excluded.snapshot, valid_until = excluded.valid_until',
);
/** Removes a person's kept snapshot. */
const FORGET_KEPT = namedStatement('delete from evidence_people where beneficiary_id = $1::uuid');

/**
 * The statement that leaves the one person of `change` with their snapshot after a single write kept (`after`, when
 * it can be: snapshot-cache.ts keepable), or without one when it was used and cannot be kept; null when there is
 * nothing to do (a person not read with their kept snapshot, or read without one and not keepable).
 */
function keepStatement(change: EvidenceChange, after: PersonSnapshot): CompiledQuery | null {
  if (change.kept === undefined || change.ids.length !== 1) return null;
  const id = change.ids[0]!;
  if (keepable(after)) return CompiledQuery.raw(KEEP, [id, keptText(after), after.validUntil ?? null]);
  return change.kept === 'hit' ? CompiledQuery.raw(FORGET_KEPT, [id]) : null;
}

/** The highest parameter number of a PostgreSQL statement's text. */
const lastParameter = (text: string) =>
  (text.match(/\$\d+/g) ?? []).reduce((m, p) => Math.max(m, Number(p.slice(1))), 0);

/**
 * Statements sent as one (named, made once per list of texts): each but the last in a data-modifying WITH, the last
 * as the statement itself, the parameters of each numbered after those before it. The texts are given joined by
 * U+0001 (CombinedTexts keys on the first and the rest).
 */
const together = new CombinedTexts((first, rest) => {
  const texts = [first, ...rest.split('\u0001')].map(unmarked);
  let offset = 0;
  const numbered = texts.map((t) => {
    const out = t.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    offset += lastParameter(t);
    return out;
  });
  const last = numbered.pop()!;
  return namedStatement(`with ${numbered.map((t, i) => `w${i} as (${t})`).join(', ')} ${last}`);
});

/** Runs `statements` (at least two: writes without `returning`, the last any statement) as one round trip. */
async function runTogether(trx: Trx, statements: readonly CompiledQuery[]): Promise<void> {
  const [first, ...rest] = statements;
  const text = together.get(first!.sql, rest.map((q) => q.sql).join('\u0001'));
  await trx.executeQuery(
    CompiledQuery.raw(
      text,
      statements.flatMap((q) => [...q.parameters]),
    ),
  );
}

/**
 * A single write that only adds records to the people `change` read (what it adds given as in evidenceAfter): runs
 * `write` (a compiled statement without `returning`), then `rest` (the write's other statements, if any), and adds
 * the difference to the cells. On PostgreSQL, when the difference is known without reading the people again, `write`
 * and the insert of its pending deltas (cells.repository addToCells) go as one statement (`write` in a
 * data-modifying WITH): one round trip instead of two.
 * Otherwise the write runs, then evidenceAfter.
 */
export async function evidenceWrite(
  trx: Trx,
  change: EvidenceChange,
  now: Date,
  added: EvidenceAdded | ReadonlyMap<string, EvidenceAdded>,
  write: CompiledQuery,
  rest?: () => Promise<void>,
): Promise<void> {
  const byPerson = gainedByPerson(change, added);
  const before = change.before;
  if (
    before !== null &&
    byPerson !== null &&
    trx.getExecutor().adapter instanceof PostgresAdapter &&
    [...before].every(([id, b]) => b.person !== null && !b.pendingExpiry && byPerson.has(id))
  ) {
    const deltas = new Map<CellAddress, Contribution>();
    let keep: CompiledQuery | null = null;
    for (const [id, b] of before) {
      const after = withAdded(b, byPerson.get(id)!);
      snapshotDelta(asInCells(b), after, deltas);
      keep ??= keepStatement(change, after);
    }
    const pending = pendingStatement(nonZero(deltas), now);
    // The write, the person's kept snapshot and the pending deltas: one statement.
    const statements = [
      write,
      ...(keep ? [keep] : []),
      ...(pending ? [CompiledQuery.raw(pending.sql, [...pending.parameters])] : []),
    ];
    if (statements.length === 1) await trx.executeQuery(write);
    else await runTogether(trx, statements);
    await rest?.();
    if (pending === null) await addToCells(trx, deltas, now);
    return;
  }
  await trx.executeQuery(write);
  await rest?.();
  await evidenceAfter(trx, change, now, added);
}

/**
 * Runs a bulk write (an import) with the hooks deferred: each person's records are read once, before their first
 * write; what each write says it added is derived while the bulk write waits for its next statement, and at the end
 * the people written otherwise are read again and the grouped difference is added (one delta per distinct cell,
 * appended as pending rows). Nothing is added when `fn` throws (the caller's transaction rolls back anyway).
 * `reader`: whether its people may be handed to the evidence reader thread (reader.ts says when it is used).
 */
export async function withEvidenceDeferred<T>(
  trx: Trx,
  now: Date,
  fn: () => Promise<T>,
  { reader }: { reader: boolean },
): Promise<T> {
  if (deferrals.has(trx) || !maintenance.enabled) return fn();
  const deferral: Deferral = {
    reader,
    snapshots: new Map(),
    overflow: new Set(),
    overflowBefore: new Map(),
    overflowExpiring: new Map(),
    added: new Map(),
    dirty: new Set(),
    created: new Map(),
    discarded: false,
    remote: undefined,
    remoteSeen: new Set(),
    remoteAdded: new Map(),
    due: new Set(),
    toDerive: new Set(),
    derivation: { deltas: new Map(), memo: new Map(), expiries: new Map() },
  };
  deferrals.set(trx, deferral);
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    deferral.remote?.drop();
    throw err;
  } finally {
    deferrals.delete(trx);
  }
  if (deferral.discarded) {
    deferral.remote?.drop();
    return result;
  }
  // The reader thread's people: the additions not sent yet, and those whose writes did not say what they added, as
  // read again here; it answers their deltas.
  let remote: Awaited<ReturnType<RemoteSnapshots['finish']>> | null = null;
  if (deferral.remote) {
    try {
      flushRemote(deferral);
      const reread = [...deferral.dirty].filter((id) => deferral.remoteSeen.has(id));
      const afters = reread.length ? await loadSnapshots(trx, reread, now) : new Map<string, PersonSnapshot>();
      remote = await deferral.remote.finish([...afters]);
    } finally {
      deferral.remote.drop();
    }
  }
  // People whose writes all said what they added are derived (deriveNoted: most already as the write went on, the
  // last ones now) and not read again; people seen but not written have nothing to add. Those left with additions
  // (created without their attributes given) or written without saying what they gained are read again.
  deriveNoted(deferral);
  const { derivation } = deferral;
  const after = new Map<string, PersonSnapshot>();
  const reread: string[] = [...deferral.overflow];
  for (const id of deferral.snapshots.keys()) if (deferral.dirty.has(id) || deferral.added.has(id)) reread.push(id);
  if (reread.length) for (const [id, s] of await loadSnapshots(trx, reread, now)) after.set(id, s);
  const deltas = derivation.deltas;
  if (remote)
    for (const [a, value, excluded] of remote.deltas) {
      const c = deltas.get(a);
      if (c) {
        c.value += value;
        c.excluded += excluded;
      } else deltas.set(a, { value, excluded });
    }
  if (after.size) {
    // The rows of one file are alike: a delta that depends on the same things is derived once (contributions.ts).
    for (const [id, s] of after) {
      const before = deferral.snapshots.get(id);
      if (before) snapshotDelta(asInCells(before), s, deltas, derivation.memo);
    }
    if (deferral.overflow.size) {
      const overflowAfter = contributionsOfPeople([...deferral.overflow].map((id) => after.get(id)!));
      for (const [a, d] of difference(deferral.overflowBefore, overflowAfter)) {
        const c = deltas.get(a);
        if (c) {
          c.value += d.value;
          c.excluded += d.excluded;
        } else deltas.set(a, d);
      }
    }
  }
  await addToCells(trx, nonZero(deltas), now);
  const befores = [...after.keys()].map(
    (id) => [id, deferral.snapshots.get(id) ?? deferral.overflowExpiring.get(id)] as const,
  );
  await markExpiriesApplied(
    trx,
    [...expiriesOf(befores), ...expiriesOf(after), ...derivation.expiries.values(), ...(remote?.expiries ?? [])],
    now,
  );
  return result;
}

/**
 * Inside a deferral: the bulk write has rolled back what it wrote (a dry run, to a savepoint), so the deferral adds
 * nothing at its end. Outside a deferral this does nothing.
 */
export function evidenceDiscardDeferred(trx: Trx): void {
  const deferral = deferrals.get(trx);
  if (deferral) deferral.discarded = true;
}

/**
 * For records inserted in bulk for people who had none before (a generated data set, a seed): reads the batch's
 * contributions in a few queries and adds them grouped to the cells directly (one upsert row per distinct cell; a
 * fold would only follow).
 */
export async function evidenceAfterBulkInsert(trx: Trx, beneficiaryIds: readonly string[], now: Date): Promise<void> {
  const snapshots = await loadSnapshots(trx, [...new Set(beneficiaryIds)], now);
  await addToCells(trx, contributionsOfPeople(snapshots.values()), now, true);
  await markExpiriesApplied(trx, expiriesOf(snapshots), now);
}

/**
 * Applies the statistics grants that have expired by the passing of time since the people's last write (the
 * `evidence-consent-expiry` job): each person's records move from counted to excluded in the cells, as their next
 * write would do, and the expiry is noted as applied (evidence_membership) so it is applied once. Batches of 200
 * people, each in its own transaction, each person locked and read again inside it, so a concurrent write or a
 * second run of the job never applies an expiry twice. Returns how many people it moved.
 */
export async function applyConsentExpiries(db: Db, now: Date): Promise<{ due: number; applied: number }> {
  let due = 0;
  let applied = 0;
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('consent_events as e')
      .select(['e.beneficiary_id'])
      .distinct()
      .where('e.purpose', '=', 'statistics')
      .where('e.recipient_organisation_id', 'is', null)
      .where('e.action', '=', 'grant')
      .where('e.expires_at', 'is not', null)
      .where('e.expires_at', '<=', now.toISOString())
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('evidence_membership as m')
              .select('m.consent_event_id')
              .whereRef('m.consent_event_id', '=', 'e.id'),
          ),
        ),
      )
      // Only the person's latest statistics event: a grant superseded by another event has nothing to apply.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('consent_events as l')
              .select('l.id')
              .whereRef('l.beneficiary_id', '=', 'e.beneficiary_id')
              .where('l.purpose', '=', 'statistics')
              .where('l.recipient_organisation_id', 'is', null)
              .whereRef('l.recorded_at', '>', 'e.recorded_at'),
          ),
        ),
      )
      .orderBy('e.beneficiary_id')
      .limit(200);
    if (after !== null) q = q.where('e.beneficiary_id', '>', after);
    const ids = (await q.execute()).map((r) => r.beneficiary_id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    due += ids.length;
    applied += await db.transaction().execute(async (trx) => {
      const change = await evidenceBefore(trx, ids, now);
      const pending = [...(change.before?.values() ?? [])].filter((s) => s.pendingExpiry).length;
      await evidenceAfter(trx, change, now);
      return pending;
    });
  }
  return { due, applied };
}
