// The evidence reader thread (reader.ts): for a bulk write, reads what each person contributed before the write on a
// connection of its own, keeps it, and derives the aggregate deltas of the additions the writing thread reports,
// while that thread goes on writing. For a person the bulk write has not yet touched, this connection reads exactly
// what the writing thread would read before its first write to them: on the embedded database because the writing
// transaction holds SQLite's write lock from its start (BEGIN IMMEDIATE), so this read-only connection sees the
// database as it was when that transaction began; on PostgreSQL because the writing transaction has locked the
// people's rows before asking (every writer that changes what a person contributes locks them first), so the last
// committed state this connection reads cannot change until that transaction ends, and the transaction's own
// writes are not visible to it. Nothing here writes.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type CellAddress, type Derivation, derivationStep, type PersonSnapshot, withAdded } from './contributions.ts';
import type { ReaderReply, ReaderRequest, ReaderSource } from './reader.ts';
import {
  addPartRows,
  emptySnapshots,
  PG_BATCH_PARTS_SQL,
  SQLITE_PEOPLE_PER_STATEMENT,
  sqliteParts,
  sqlitePartsParameters,
} from './snapshot-rows.ts';

type Job = Derivation & {
  /** Each person as the aggregate cells hold them so far (the database's state, then the derived additions). */
  snapshots: Map<string, PersonSnapshot>;
  failure: string | null;
};

const jobs = new Map<number, Job>();
const connections = new Map<string, { db: Database.Database; statements: Map<number, Database.Statement> }>();

function sqliteConnection(file: string) {
  let c = connections.get(file);
  if (!c) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    c = { db, statements: new Map() };
    connections.set(file, c);
  }
  return c;
}

/** PostgreSQL clients by source, the most recently used last; a few are kept open. */
const clients = new Map<string, Promise<pg.Client>>();
const MAX_CLIENTS = 4;
/** People a PostgreSQL statement reads (as the writing thread's batch read: snapshots.repository.ts). */
const PG_PEOPLE_PER_STATEMENT = 1000;

function postgresClient(source: Extract<ReaderSource, { kind: 'postgres' }>): Promise<pg.Client> {
  const key = `${source.url}\u0000${source.options ?? ''}`;
  let c = clients.get(key);
  if (c) {
    clients.delete(key);
    clients.set(key, c);
    return c;
  }
  const client = new pg.Client({
    connectionString: source.url,
    ...(source.options ? { options: source.options } : {}),
  });
  // A connection that fails is forgotten (the job that used it fails); the next job opens another.
  client.on('error', () => clients.delete(key));
  c = client.connect().then(() => client);
  c.catch(() => clients.delete(key));
  clients.set(key, c);
  while (clients.size > MAX_CLIENTS) {
    const [oldest, old] = clients.entries().next().value!;
    clients.delete(oldest);
    old.then((o) => o.end()).catch(() => {});
  }
  return c;
}

function keep(job: Job, out: Map<string, PersonSnapshot>): void {
  for (const [id, s] of out) if (!job.snapshots.has(id)) job.snapshots.set(id, s);
}

async function read(job: Job, source: ReaderSource, ids: readonly string[], now: Date): Promise<void> {
  if (source.kind === 'postgres') {
    const client = await postgresClient(source);
    for (let i = 0; i < ids.length; i += PG_PEOPLE_PER_STATEMENT) {
      const part = ids.slice(i, i + PG_PEOPLE_PER_STATEMENT);
      const result = await client.query({
        name: 'corridor_evidence_reader_batch',
        text: PG_BATCH_PARTS_SQL,
        values: [part, now.toISOString()],
        rowMode: 'array',
      });
      const out = emptySnapshots(part);
      addPartRows(out, result.rows as unknown[][]);
      keep(job, out);
    }
    return;
  }
  const c = sqliteConnection(source.file);
  for (let i = 0; i < ids.length; i += SQLITE_PEOPLE_PER_STATEMENT) {
    const part = ids.slice(i, i + SQLITE_PEOPLE_PER_STATEMENT);
    let stmt = c.statements.get(part.length);
    if (!stmt) {
      stmt = c.db.prepare(sqliteParts(part.length)).raw(true);
      c.statements.set(part.length, stmt);
    }
    const out = emptySnapshots(part);
    addPartRows(out, stmt.all(sqlitePartsParameters(part, now)) as unknown[][]);
    keep(job, out);
  }
}

/** The person is now `after`: adds the difference to the job's deltas and keeps `after` as the cells hold it. */
function step(job: Job, id: string, after: PersonSnapshot): void {
  const current = job.snapshots.get(id);
  if (!current) throw new Error(`no snapshot was read of person ${id}`);
  job.snapshots.set(id, derivationStep(job, id, current, after));
}

async function handle(m: ReaderRequest): Promise<ReaderReply | null> {
  if (m.type === 'drop') {
    jobs.delete(m.job);
    return null;
  }
  if (m.type === 'open') {
    if (m.source.kind !== 'postgres') return { job: m.job, type: 'opened' };
    try {
      await postgresClient(m.source);
      return { job: m.job, type: 'opened' };
    } catch (err) {
      return { job: m.job, type: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
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
    return { job: m.job, type: 'done', deltas, expiries: [...job.expiries.values()] };
  }
  if (job.failure !== null) return null;
  try {
    if (m.type === 'read') await read(job, m.source, m.ids, new Date(m.now));
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

// Messages are handled one after another, in the order sent (a read on PostgreSQL waits for the server).
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: ReaderRequest) => {
  queue = queue.then(async () => {
    const reply = await handle(m);
    if (reply) parentPort!.postMessage(reply);
  });
});
