// The evidence reader thread's client. A bulk write (an import, in withEvidenceDeferred) hands the reading of each
// person's records before their first write, and the derivation of the deltas of what it adds to them, to a thread
// of their own with a connection of its own (reader-worker.ts), so that the writing thread only writes: on a machine
// with a second processor the aggregate upkeep of an import then costs the writing thread little more than sending
// the additions across (and, on PostgreSQL, locking the people first). One thread per process, started with the
// first bulk write that needs it and kept (it does not keep the process alive while idle).
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Db, type PostgresSource, postgresSourceOf, type Trx } from '../db/database.ts';
import { sqliteFileOf } from '../db/dialects/sqlite-driver.ts';
import type { CellAddress, PersonSnapshot, SnapshotCase, SnapshotService } from './contributions.ts';

/**
 * Tuning (tests lower `fromPeople` and `fromBytes` to run small imports through the thread). The thread pays for
 * itself over the several batches of a large file; a smaller file is read and derived as fast or faster in the
 * writing thread (which derives while the database inserts): docs/benchmarks.md, "The evidence reader thread only
 * for large files".
 */
export const evidenceReader = {
  /** Processors this process may use: with one, another thread only adds the crossing. */
  processors: os.availableParallelism(),
  /** An import hands its people to the thread only from a file of this many bytes (about 2,000 services rows). */
  fromBytes: 100_000,
  /** A bulk write hands its people to the thread from a first batch of at least this many. */
  fromPeople: 200,
  /** People one bulk write may hand over (the thread keeps a snapshot of each); the rest are read in place. */
  maxPeople: 200_000,
};

/** Where the thread reads: the embedded database's file, or another connection to the same PostgreSQL schema. */
export type ReaderSource = { kind: 'sqlite'; file: string } | ({ kind: 'postgres' } & PostgresSource);

/** Messages to the thread, each for one bulk write (`job`), handled in the order sent. */
export type ReaderRequest =
  | { type: 'open'; job: number; source: ReaderSource }
  | { type: 'read'; job: number; source: ReaderSource; ids: readonly string[]; now: string }
  | { type: 'add'; job: number; entries: readonly (readonly [string, SnapshotCase[], SnapshotService[]])[] }
  | { type: 'finish'; job: number; afters: readonly (readonly [string, PersonSnapshot])[] }
  | { type: 'drop'; job: number };

/** The thread's answer to `finish`: the job's deltas (not zero) and the expiries they apply, or why it failed. */
export type ReaderReply =
  | { job: number; type: 'opened' }
  | { job: number; type: 'done'; deltas: [CellAddress, number, number][]; expiries: (readonly [string, string])[] }
  | { job: number; type: 'failed'; message: string };

type Waiting = { resolve: (r: ReaderReply) => void; reject: (err: unknown) => void };
type ReaderThread = {
  thread: Worker;
  waiting: Map<number, Waiting>;
  open: Set<number>;
  next: number;
  /** PostgreSQL sources the thread has connected to. */
  reachable: Set<string>;
  failure?: Error;
};
let current: ReaderThread | null = null;
let jobsStarted = 0;

/** How many bulk writes of this process have used the reader thread (for tests and diagnostics). */
export function readerJobsStarted(): number {
  return jobsStarted;
}

function readerThread(): ReaderThread {
  if (current) return current;
  const thread = new Worker(new URL('./reader-worker.mjs', import.meta.url), { execArgv: [] });
  const r: ReaderThread = { thread, waiting: new Map(), open: new Set(), next: 1, reachable: new Set() };
  const failAll = (err: unknown) => {
    if (current === r) current = null;
    r.failure = err instanceof Error ? err : new Error(String(err));
    for (const w of r.waiting.values()) w.reject(r.failure);
    r.waiting.clear();
  };
  thread.on('message', (reply: ReaderReply) => {
    const w = r.waiting.get(reply.job);
    r.waiting.delete(reply.job);
    w?.resolve(reply);
  });
  thread.on('error', failAll);
  thread.on('exit', (code) => failAll(new Error(`the evidence reader thread stopped (exit code ${code})`)));
  thread.unref();
  current = r;
  return r;
}

/**
 * Whether the thread can open a connection to this PostgreSQL source (once per source while it can): a bulk write
 * whose thread could not connect (the server's connection limit reached, say) reads its people in place instead of
 * failing at its end.
 */
async function reachable(r: ReaderThread, source: Extract<ReaderSource, { kind: 'postgres' }>): Promise<boolean> {
  const key = `${source.url}\u0000${source.options ?? ''}`;
  if (r.reachable.has(key)) return true;
  const job = r.next++;
  try {
    const reply = await new Promise<ReaderReply>((resolve, reject) => {
      r.waiting.set(job, { resolve, reject });
      r.thread.ref();
      r.thread.postMessage({ type: 'open', job, source } satisfies ReaderRequest);
    });
    if (reply.type !== 'opened') return false;
    r.reachable.add(key);
    return true;
  } catch {
    return false;
  } finally {
    if (r.open.size === 0) r.thread.unref();
  }
}

/** Whether the evidence reader thread can read from this PostgreSQL source (tests). */
export function readerReaches(source: Extract<ReaderSource, { kind: 'postgres' }>): Promise<boolean> {
  return reachable(readerThread(), source);
}

/** One bulk write's work in the reader thread. */
export class RemoteSnapshots {
  private closed = false;
  private constructor(
    private readonly r: ReaderThread,
    private readonly job: number,
    private readonly source: ReaderSource,
  ) {
    r.open.add(job);
    r.thread.ref();
  }

  /**
   * For a transaction of the embedded database with a file of its own, or of PostgreSQL, on a machine with a second
   * processor; null otherwise (the caller reads in place).
   */
  static async start(trx: Trx | Db): Promise<RemoteSnapshots | null> {
    if (evidenceReader.processors < 2) return null;
    const pg = await postgresSourceOf(trx);
    let source: ReaderSource;
    if (pg) source = { kind: 'postgres', ...pg };
    else {
      const file = await sqliteFileOf(trx);
      if (file === null) return null;
      source = { kind: 'sqlite', file: path.resolve(file) };
    }
    const r = readerThread();
    if (source.kind === 'postgres' && !(await reachable(r, source))) return null;
    jobsStarted++;
    return new RemoteSnapshots(r, r.next++, source);
  }

  private post(m: ReaderRequest): void {
    if (!this.closed && !this.r.failure) this.r.thread.postMessage(m);
  }

  /**
   * Reads these people as the database held them before the bulk write's first write to them: people it has not
   * written yet, and on PostgreSQL locked by its transaction already (no other writer can change them meanwhile).
   */
  read(ids: readonly string[], now: Date): void {
    this.post({ type: 'read', job: this.job, source: this.source, ids, now: now.toISOString() });
  }

  /** Records added to people read before: the thread derives their deltas meanwhile. */
  add(entries: readonly (readonly [string, SnapshotCase[], SnapshotService[]])[]): void {
    if (entries.length) this.post({ type: 'add', job: this.job, entries });
  }

  /**
   * The people's state after the write, for those the caller read again (writes that did not say what they added);
   * answers every delta of the job and the expiries they apply. Fails when anything in the thread failed.
   */
  async finish(
    afters: readonly (readonly [string, PersonSnapshot])[],
  ): Promise<{ deltas: [CellAddress, number, number][]; expiries: (readonly [string, string])[] }> {
    if (this.closed) throw new Error('the evidence reader job is already closed');
    if (this.r.failure) throw this.r.failure;
    const reply = await new Promise<ReaderReply>((resolve, reject) => {
      this.r.waiting.set(this.job, { resolve, reject });
      this.r.thread.postMessage({ type: 'finish', job: this.job, afters } satisfies ReaderRequest);
    }).finally(() => this.close());
    if (reply.type === 'failed') throw new Error(`the evidence reader thread failed: ${reply.message}`);
    if (reply.type !== 'done') throw new Error(`the evidence reader thread answered ${reply.type} to finish`);
    return reply;
  }

  /** Forgets the job (the bulk write failed or wrote nothing). */
  drop(): void {
    if (this.closed) return;
    this.post({ type: 'drop', job: this.job });
    this.close();
  }

  private close(): void {
    this.closed = true;
    this.r.open.delete(this.job);
    if (this.r.open.size === 0) this.r.thread.unref();
  }
}
