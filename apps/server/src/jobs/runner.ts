// Runs registered jobs: through the queue of the engine (workers and schedules, started and stopped with the
// server), or at once from the command line. Every run is recorded in job_runs with its summary or its error.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { EmbeddedQueue, type EmbeddedQueueOptions } from './embedded-queue.ts';
import type { JobDefinition, JobDeps, JobSummary } from './job.ts';
import { PgBossQueue } from './pg-boss-queue.ts';
import type { Queue } from './queue.ts';
import { registeredJobs } from './registry.ts';

/** Runs one job now and records the run; a failure is recorded and rethrown (the queue then retries). */
export async function runJob(
  deps: JobDeps,
  def: JobDefinition,
  payload: Record<string, unknown>,
  run: { trigger: 'queue' | 'cli'; jobId?: string | null },
): Promise<JobSummary> {
  const started = deps.clock();
  const record = (status: 'completed' | 'failed', summary: JobSummary | null, error: string | null) =>
    deps.database.db
      .insertInto('job_runs')
      .values({
        id: randomUUID(),
        job_name: def.name,
        job_id: run.jobId ?? null,
        trigger: run.trigger,
        status,
        summary: summary ? JSON.stringify(summary) : null,
        error,
        started_at: started.toISOString(),
        finished_at: deps.clock().toISOString(),
      })
      .execute();
  let summary: JobSummary;
  try {
    summary = await def.run(deps, payload, started);
  } catch (err) {
    await record('failed', null, err instanceof Error ? err.message : String(err));
    throw err;
  }
  await record('completed', summary, null);
  return summary;
}

/** Options of the queue the server starts; PostgreSQL settings come from the configuration unless given. */
export type StartJobsOptions = {
  jobs?: readonly JobDefinition[];
  postgres?: { connectionString: string; schema: string; pollingIntervalSeconds?: number };
  embedded?: EmbeddedQueueOptions;
  onError?: (err: unknown, job?: { id: string; name: string }) => void;
};

/** Builds the engine's queue with a worker for every registered job and the configured schedules, and starts it. */
export async function startJobs(deps: JobDeps, opts: StartJobsOptions = {}): Promise<Queue> {
  const jobs = opts.jobs ?? registeredJobs;
  let queue: Queue;
  if (deps.database.engine === 'postgres') {
    const connectionString = opts.postgres?.connectionString ?? deps.config.databaseUrl;
    if (!connectionString) throw new Error('PostgreSQL jobs need DATABASE_URL');
    queue = new PgBossQueue({
      connectionString,
      schema: opts.postgres?.schema ?? deps.config.jobs.pgSchema,
      ...(opts.postgres?.pollingIntervalSeconds
        ? { pollingIntervalSeconds: opts.postgres.pollingIntervalSeconds }
        : {}),
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
  } else {
    queue = new EmbeddedQueue(deps.database.db, {
      clock: deps.clock,
      ...(opts.onError ? { onError: opts.onError } : {}),
      ...opts.embedded,
    });
  }
  for (const def of jobs)
    await queue.work(def.name, (job) => runJob(deps, def, job.payload, { trigger: 'queue', jobId: job.id }));
  await queue.start();
  for (const def of jobs) {
    const cron = def.schedule(deps.config);
    if (cron) await queue.schedule(def.name, cron);
    else await queue.unschedule(def.name);
  }
  return queue;
}

/** The last runs of a job, newest first. */
export function lastRuns(db: Db, name: string, limit = 3) {
  return db
    .selectFrom('job_runs')
    .selectAll()
    .where('job_name', '=', name)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

/** Deletes job history older than the given age: finished jobs of the embedded queue and recorded runs. */
export async function purgeJobHistory(db: Db, now: Date, maxAgeMs = 30 * 86_400_000): Promise<number> {
  const before = new Date(now.getTime() - maxAgeMs).toISOString();
  const jobs = await db
    .deleteFrom('jobs')
    .where('state', 'in', ['completed', 'failed'])
    .where('finished_at', '<', before)
    .executeTakeFirst();
  const runs = await db.deleteFrom('job_runs').where('finished_at', '<', before).executeTakeFirst();
  return Number(jobs.numDeletedRows) + Number(runs.numDeletedRows);
}
