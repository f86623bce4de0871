// One import as the API runs it (POST /api/imports, the upload page): the file, the duplicate check of the people it
// registered, and its audit entry, in one transaction. On an embedded database in a file the job runs in a worker
// thread with its own connection (import-worker.ts), so that parsing, checking, writing and the commit of a large
// file never hold up the server's event loop; elsewhere (PostgreSQL, an in-memory database) it runs here.
import { Worker } from 'node:worker_threads';
import type { ImportReport } from '@corridor/contracts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import type { Database, Engine, Trx } from '../db/database.ts';
import { DomainError, type ErrorCode } from '../errors.ts';
import { maintenance } from '../evidence/maintain.ts';
import type { Principal } from '../http/principal.ts';
import { flagDuplicatesAfterImport } from '../linkage/review.service.ts';
import { importAudit } from './imports.audit.ts';
import { type ImportLimits, type ImportRequest, runImport } from './imports.service.ts';

/** Everything an import job needs; plain data, so that it can be sent to a worker thread. */
export type ImportJob = {
  principal: Principal;
  request: ImportRequest;
  limits: ImportLimits;
  hashKey: Buffer;
  now: Date;
};

/** The import, the duplicate check and the audit entry, in the caller's transaction. */
export async function importInTransaction(trx: Trx, engine: Engine, job: ImportJob): Promise<ImportReport> {
  const { principal: p, request, now } = job;
  const report = await runImport(trx, engine, p, request, job.limits, job.hashKey, now);
  // The people the file registered are checked against the registry; likely duplicates go to review.
  if (!report.dryRun && report.created > 0) await flagDuplicatesAfterImport(trx, p, now);
  await recordAudit(trx, engine, actorOf(p), importAudit(p.organisationId, report, request.basis ?? null, 'api'), now);
  return report;
}

/** What a worker answers: the report, or the error (a domain error keeps its code and details). */
export type WorkerAnswer =
  | { ok: true; report: ImportReport }
  | {
      ok: false;
      domain: { code: ErrorCode; detail: string | undefined; extra: DomainError['extra'] } | null;
      message: string;
    };

/** A domain error as plain data, for the way back from a worker. */
export function answerOfError(err: unknown): WorkerAnswer {
  if (err instanceof DomainError)
    return { ok: false, domain: { code: err.code, detail: err.detail, extra: err.extra }, message: err.message };
  return { ok: false, domain: null, message: err instanceof Error ? err.message : String(err) };
}

/** The file of an embedded database, when it has one (an in-memory database cannot be shared with a worker). */
function fileOf(database: Database): string | null {
  const s = database.sqlite;
  return s && !s.memory && s.name && s.name !== ':memory:' ? s.name : null;
}

/** Imports run one at a time in this process: SQLite has one writer per file anyway. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The import worker of this process, started with the first import and kept for the next ones (starting one loads
 * the server's modules again, seconds of work). It does not keep the process alive while idle.
 */
type ImportWorker = {
  thread: Worker;
  waiting: Map<number, { resolve: (r: ImportReport) => void; reject: (e: unknown) => void }>;
  next: number;
};
let worker: ImportWorker | null = null;

function importWorker(): ImportWorker {
  if (worker) return worker;
  // The worker registers the TypeScript loader itself (import-worker.mjs), whatever this process was started with.
  const thread = new Worker(new URL('./import-worker.mjs', import.meta.url), { execArgv: [] });
  const w: ImportWorker = { thread, waiting: new Map(), next: 1 };
  const failAll = (err: unknown) => {
    if (worker === w) worker = null;
    for (const { reject } of w.waiting.values()) reject(err);
    w.waiting.clear();
  };
  thread.on('message', ({ id, answer }: { id: number; answer: WorkerAnswer }) => {
    const job = w.waiting.get(id);
    if (!job) return;
    w.waiting.delete(id);
    if (w.waiting.size === 0) thread.unref();
    if (answer.ok) job.resolve(answer.report);
    else if (answer.domain) job.reject(new DomainError(answer.domain.code, answer.domain.detail, answer.domain.extra));
    else job.reject(new Error(`the import failed in its worker: ${answer.message}`));
  });
  thread.on('error', failAll);
  thread.on('exit', (code) => failAll(new Error(`the import worker stopped (exit code ${code})`)));
  thread.unref();
  worker = w;
  return w;
}

/** Runs one import job in the worker on the database file; resolves with its report or rejects as it failed. */
function inWorker(file: string, job: ImportJob): Promise<ImportReport> {
  const w = importWorker();
  const id = w.next++;
  return new Promise<ImportReport>((resolve, reject) => {
    w.waiting.set(id, { resolve, reject });
    w.thread.ref();
    // The worker follows this thread's evidence upkeep switch (always on but in bench/evidence-write).
    w.thread.postMessage({ id, file, job, upkeep: maintenance.enabled });
  });
}

/**
 * Runs an import job: in a worker thread with its own connection when the database is an embedded file, else in a
 * transaction here. Either way the file, the duplicate check and the audit entry commit together or not at all.
 */
export function runImportJob(database: Database, job: ImportJob): Promise<ImportReport> {
  const file = database.engine === 'sqlite' ? fileOf(database) : null;
  const run = () =>
    file
      ? inWorker(file, job)
      : database.db.transaction().execute((trx) => importInTransaction(trx, database.engine, job));
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}
