// The one queue background jobs run through (docs/jobs.md): pg-boss on PostgreSQL (same database, its own
// schema), an in-process queue over the `jobs` table on SQLite. Both give the same guarantees: a job sent is kept
// until it ran (across restarts), a failing job is retried with backoff and then recorded as failed with its error,
// one job is never run by two runners at once, and a recurring schedule fires once per slot whichever server
// fires it.

/** A job as its worker receives it. */
export type QueuedJob = { id: string; name: string; payload: Record<string, unknown>; attempt: number };

/** What a worker does with one job; a thrown error fails the attempt (and retries it while attempts remain). */
export type Worker = (job: QueuedJob) => Promise<unknown>;

/** Options when sending a job. */
export type SendOptions = {
  /**
   * At most one job with this key (per name) in each live state: waiting, retrying, running (pg-boss's `stately`
   * policy). A send while one waits returns null; one may wait while another runs.
   */
  singletonKey?: string;
  /** Not before this time. */
  startAfter?: Date;
  /** Attempts after the first one; default 3. */
  retryLimit?: number;
};

/** The queue jobs run through. */
export interface Queue {
  readonly kind: 'pg-boss' | 'embedded';
  /** Starts fetching jobs for the registered workers and firing schedules. */
  start(): Promise<void>;
  /** Stops fetching, waits for the jobs in flight (graceful shutdown) and releases connections. */
  stop(): Promise<void>;
  /** Queues a job; returns its id, or null when a job with the same singleton key is already waiting or running. */
  send(name: string, payload: Record<string, unknown>, options?: SendOptions): Promise<string | null>;
  /** Makes `name` run on a cron schedule (five fields, UTC); replaces an earlier schedule of that name. */
  schedule(name: string, cron: string): Promise<void>;
  /** Removes the schedule of `name`, if any. */
  unschedule(name: string): Promise<void>;
  /** Registers the worker for jobs of one name (before start). */
  work(name: string, worker: Worker): Promise<void>;
  /** One job's state, attempts so far and last error, or null when unknown (or purged). */
  getJob(name: string, id: string): Promise<JobInfo | null>;
}

/** What the queue knows of one job. */
export type JobInfo = {
  state: 'created' | 'retry' | 'active' | 'completed' | 'failed' | 'cancelled';
  attempts: number;
  error: string | null;
};

/** Retry delay before attempt `n + 1` after `n` failed attempts: base, 2 x base, 4 x base... capped at an hour. */
export function backoffMs(baseMs: number, failedAttempts: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}
