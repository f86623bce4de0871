// The queue on PostgreSQL: pg-boss (https://github.com/timgit/pg-boss, v10) on the same database, in its own schema
// (CORRIDOR_JOBS_PG_SCHEMA), created and migrated by pg-boss at start. pg-boss fetches with SELECT ... FOR UPDATE
// SKIP LOCKED, so any number of servers share the queue and a job runs once; its cron monitor fires each schedule
// once per slot across all servers.

import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { backoffMs, type JobInfo, type Queue, type SendOptions, type Worker } from './queue.ts';

/** Tuning of the pg-boss queue; tests shorten the polling interval. */
export type PgBossQueueOptions = {
  connectionString: string;
  schema: string;
  /** How often each worker polls for jobs (seconds, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** First retry delay (seconds); doubles with each failure. */
  retryDelaySeconds?: number;
  /** How often pg-boss checks the schedules (seconds; its default 30). Tests shorten it. */
  cronMonitorIntervalSeconds?: number;
  onError?: (err: unknown) => void;
};

/** How many times a queue's creation is tried when another server creates it at the same moment. */
const QUEUE_CREATE_ATTEMPTS = 6;

/** The pg-boss queue. */
export class PgBossQueue implements Queue {
  readonly kind = 'pg-boss' as const;
  readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private readonly workers = new Map<string, Worker>();
  private started = false;

  constructor(private readonly opts: PgBossQueueOptions) {
    this.boss = new PgBoss({
      connectionString: opts.connectionString,
      schema: opts.schema,
      max: 4,
      ...(opts.cronMonitorIntervalSeconds
        ? { cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds, cronWorkerIntervalSeconds: 1 }
        : {}),
    });
    this.boss.on('error', (err) => opts.onError?.(err));
  }

  /** pg-boss wants each queue created before use; the `stately` policy gives singleton keys their meaning. */
  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    if (!this.started) throw new Error('start the queue first');
    // Servers that start together create the same queues at the same moment: PostgreSQL may then refuse one of
    // them (a deadlock between the two creations, or a duplicate) while the other's is not committed yet. Look
    // again after a short wait, and try again, a few times, before giving up.
    for (let attempt = 1; ; attempt++) {
      if (await this.boss.getQueue(name)) break;
      try {
        await this.boss.createQueue(name, {
          name,
          policy: 'stately',
          retryLimit: 3,
          retryDelay: this.opts.retryDelaySeconds ?? 30,
          retryBackoff: true,
        });
        break;
      } catch (err) {
        if (attempt >= QUEUE_CREATE_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.floor(Math.random() * 100)));
      }
    }
    this.queues.add(name);
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const [name, worker] of this.workers) await this.startWorker(name, worker);
  }

  private async startWorker(name: string, worker: Worker): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.work<Record<string, unknown>>(
      name,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        if (!job) return;
        return worker({ id: job.id, name: job.name, payload: job.data ?? {}, attempt: job.retryCount + 1 });
      },
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // graceful: workers finish the job in hand; wait until pg-boss has closed its pool
    await this.boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
  }

  async send(name: string, payload: Record<string, unknown>, options: SendOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    return this.boss.send(name, payload, {
      // a `stately` queue treats keyless jobs as one key; a fresh key keeps them independent
      singletonKey: options.singletonKey ?? `once:${randomUUID()}`,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      retryLimit: options.retryLimit ?? 3,
      retryDelay: Math.round(backoffMs((this.opts.retryDelaySeconds ?? 30) * 1000, 1) / 1000),
      retryBackoff: true,
    });
  }

  async schedule(name: string, cron: string): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, {}, { tz: 'UTC', singletonKey: 'schedule' });
  }

  async unschedule(name: string): Promise<void> {
    await this.boss.unschedule(name);
  }

  async getJob(name: string, id: string): Promise<JobInfo | null> {
    const j = await this.boss.getJobById(name, id, { includeArchive: true });
    if (!j) return null;
    const output = j.output as { message?: unknown } | null;
    const failed = j.state === 'failed' || j.state === 'retry';
    return {
      state: j.state,
      // pg-boss counts retries; the running or finished attempt counts too
      attempts: j.retryCount + (j.state === 'created' ? 0 : 1),
      error: failed && output && typeof output.message === 'string' ? output.message : null,
    };
  }

  async work(name: string, worker: Worker): Promise<void> {
    this.workers.set(name, worker);
    if (this.started) await this.startWorker(name, worker);
  }
}
