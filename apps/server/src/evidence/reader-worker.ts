// The evidence reader thread (reader.ts): for a bulk write on the embedded database, reads what each person
// contributed before the write on a read-only connection of its own, keeps it, and derives the aggregate deltas of
// the additions the writing thread reports, while that thread goes on writing. The writing transaction holds
// SQLite's write lock from its start (BEGIN IMMEDIATE), so this connection reads the database as it was when the
// transaction began: for a person the bulk write has not yet touched, exactly what the writing thread would read
// before its first write to them. Nothing here writes.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { extend } from '../lib/objects.ts';
import {
  asInCells,
  type CellAddress,
  type Contribution,
  type DeltaMemo,
  type PersonSnapshot,
  snapshotDelta,
  withAdded,
} from './contributions.ts';
import type { ReaderReply, ReaderRequest } from './reader.ts';
import {
  addPartRows,
  emptySnapshots,
  SQLITE_PEOPLE_PER_STATEMENT,
  sqliteParts,
  sqlitePartsParameters,
} from './snapshot-rows.ts';

type Job = {
  /** Each person as the aggregate cells hold them so far (the database's state, then the derived additions). */
  snapshots: Map<string, PersonSnapshot>;
  deltas: Map<CellAddress, Contribution>;
  memo: DeltaMemo;
  /** Statistics grants whose expiry the deltas apply (person -> consent event). */
  expiries: Map<string, string>;
  failure: string | null;
};

const jobs = new Map<number, Job>();
const connections = new Map<string, { db: Database.Database; statements: Map<number, Database.Statement> }>();

function connection(file: string) {
  let c = connections.get(file);
  if (!c) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    c = { db, statements: new Map() };
    connections.set(file, c);
  }
  return c;
}

function read(job: Job, file: string, ids: readonly string[], now: Date): void {
  const c = connection(file);
  for (let i = 0; i < ids.length; i += SQLITE_PEOPLE_PER_STATEMENT) {
    const part = ids.slice(i, i + SQLITE_PEOPLE_PER_STATEMENT);
    let stmt = c.statements.get(part.length);
    if (!stmt) {
      stmt = c.db.prepare(sqliteParts(part.length)).raw(true);
      c.statements.set(part.length, stmt);
    }
    const out = emptySnapshots(part);
    addPartRows(out, stmt.all(sqlitePartsParameters(part, now)) as unknown[][]);
    for (const [id, s] of out) if (!job.snapshots.has(id)) job.snapshots.set(id, s);
  }
}

/** The person is now `after`: adds the difference to the job's deltas and keeps `after` as the cells hold it. */
function step(job: Job, id: string, after: PersonSnapshot): void {
  const current = job.snapshots.get(id);
  if (!current) throw new Error(`no snapshot was read of person ${id}`);
  snapshotDelta(asInCells(current), after, job.deltas, job.memo);
  if (after.pendingExpiry) {
    // The deltas move the person to excluded: the expiry is applied, and the cells hold them so from now on.
    job.expiries.set(id, after.pendingExpiry);
    job.snapshots.set(id, extend(after, { pendingExpiry: null }));
  } else job.snapshots.set(id, after);
}

function handle(m: ReaderRequest): ReaderReply | null {
  if (m.type === 'drop') {
    jobs.delete(m.job);
    return null;
  }
  let job = jobs.get(m.job);
  if (!job) {
    job = { snapshots: new Map(), deltas: new Map(), memo: new Map(), expiries: new Map(), failure: null };
    jobs.set(m.job, job);
  }
  if (m.type === 'finish') {
    jobs.delete(m.job);
    if (job.failure === null)
      try {
        for (const [id, after] of m.afters) step(job, id, after);
      } catch (err) {
        job.failure = err instanceof Error ? err.message : String(err);
      }
    if (job.failure !== null) return { job: m.job, type: 'failed', message: job.failure };
    const deltas: [CellAddress, number, number][] = [];
    for (const [a, d] of job.deltas) if (d.value !== 0 || d.excluded !== 0) deltas.push([a, d.value, d.excluded]);
    return { job: m.job, type: 'done', deltas, expiries: [...job.expiries] };
  }
  if (job.failure !== null) return null;
  try {
    if (m.type === 'read') read(job, m.file, m.ids, new Date(m.now));
    else
      for (const [id, cases, services] of m.entries) {
        const current = job.snapshots.get(id);
        if (!current) throw new Error(`no snapshot was read of person ${id}`);
        step(job, id, withAdded(current, { cases, services }));
      }
  } catch (err) {
    job.failure = err instanceof Error ? err.message : String(err);
  }
  return null;
}

parentPort!.on('message', (m: ReaderRequest) => {
  const reply = handle(m);
  if (reply) parentPort!.postMessage(reply);
});
