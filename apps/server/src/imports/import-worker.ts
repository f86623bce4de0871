// The import worker thread (import-job.ts): runs import jobs one after another, each in one transaction on a
// connection of its own to the database file (WAL: the server keeps reading beside it), and answers the report or
// the error. The connection is kept for the next job on the same file.
import { parentPort } from 'node:worker_threads';
import { type Database, openDatabase } from '../db/database.ts';
import { maintenance } from '../evidence/maintain.ts';
import { answerOfError, type ImportJob, importInTransaction, type WorkerAnswer } from './import-job.ts';

/** How long a job waits for the server's own short write transactions to let the file's write lock go. */
const WRITE_LOCK_WAIT_MS = 60_000;

let open: { file: string; database: Database } | null = null;

async function databaseOf(file: string): Promise<Database> {
  if (open?.file === file) return open.database;
  if (open) await open.database.close();
  open = { file, database: openDatabase({ sqliteFile: file, busyTimeoutMs: WRITE_LOCK_WAIT_MS }) };
  return open.database;
}

async function run(file: string, job: ImportJob): Promise<WorkerAnswer> {
  try {
    const database = await databaseOf(file);
    const request = { ...job.request, data: Buffer.from(job.request.data) };
    const hashKey = Buffer.from(job.hashKey);
    const report = await database.db
      .transaction()
      .execute((trx) => importInTransaction(trx, 'sqlite', { ...job, request, hashKey }));
    return { ok: true, report };
  } catch (err) {
    return answerOfError(err);
  }
}

// Jobs arrive one at a time (import-job.ts queues them), and are answered in order.
let chain: Promise<void> = Promise.resolve();
// `upkeep` is the sending thread's evidence upkeep switch (maintain.ts: off only to measure its cost).
parentPort!.on(
  'message',
  ({ id, file, job, upkeep }: { id: number; file: string; job: ImportJob; upkeep: boolean }) => {
    chain = chain.then(async () => {
      maintenance.enabled = upkeep;
      parentPort!.postMessage({ id, answer: await run(file, job) });
    });
  },
);
