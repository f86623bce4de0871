// The in-process queue of the embedded engine, over the `jobs` and `job_schedules` tables (migration
// 20261128T2100_jobs). Durable: a job is a row until it completed or failed. A runner claims a job with one
// conditional UPDATE (state due, or a lapsed claim of a crashed runner), so two runners, in one process or in two
// sharing the file, never run one job at the same time; while a job runs its claim is renewed.
import { randomUUID } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import { nextRun } from './cron.ts';
import type { JobTable } from './jobs.table.ts';
import { backoffMs, type JobInfo, type Queue, type SendOptions, type Worker } from './queue.ts';

/** Tuning of the embedded queue; tests shorten the intervals and move the clock. */
export type EmbeddedQueueOptions = {
  clock?: () => Date;
  /** How often the runner looks for due jobs and schedules (ms). */
  pollMs?: number;
  /** How long a claim holds without renewal (ms); a crashed runner's job is taken over after it. */
  leaseMs?: number;
  /** First retry delay (ms); doubles with each failure. */
  retryDelayMs?: number;
  /** Called when a job attempt fails (logging). */
  onError?: (err: unknown, job: { id: string; name: string }) => void;
};

/** The embedded (SQLite) queue. */
export class EmbeddedQueue implements Queue {
  readonly kind = 'embedded' as const;
  readonly runnerId = `runner-${randomUUID()}`;
  private readonly workers = new Map<string, Worker>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<unknown> | undefined;
  private stopping = false;
  private readonly clock: () => Date;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly db: Db,
    private readonly opts: EmbeddedQueueOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.pollMs = opts.pollMs ?? 2_000;
    this.leaseMs = opts.leaseMs ?? 15 * 60_000;
    this.retryDelayMs = opts.retryDelayMs ?? 30_000;
  }

  async send(name: string, payload: Record<string, unknown>, options: SendOptions = {}): Promise<string | null> {
    const now = this.clock();
    const id = randomUUID();
    const r = await this.db
      .insertInto('jobs')
      .values({
        id,
        name,
        payload: JSON.stringify(payload),
        singleton_key: options.singletonKey ?? null,
        state: 'created',
        attempts: 0,
        max_attempts: 1 + (options.retryLimit ?? 3),
        start_after: (options.startAfter ?? now).toISOString(),
        locked_by: null,
        locked_until: null,
        output: null,
        error: null,
        created_at: now.toISOString(),
        started_at: null,
        finished_at: null,
      })
      // the partial unique index on (name, singleton_key) of live jobs
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0 ? id : null;
  }

  async schedule(name: string, cron: string): Promise<void> {
    const now = this.clock();
    const next = nextRun(cron, now).toISOString();
    await this.db
      .insertInto('job_schedules')
      .values({ name, cron, next_run_at: next, updated_at: now.toISOString() })
      .onConflict((oc) =>
        // keep the pending slot when the schedule is unchanged (a restart does not postpone it)
        oc
          .column('name')
          .doUpdateSet({ cron, next_run_at: next, updated_at: now.toISOString() })
          .where('job_schedules.cron', '!=', cron),
      )
      .execute();
  }

  async unschedule(name: string): Promise<void> {
    await this.db.deleteFrom('job_schedules').where('name', '=', name).execute();
  }

  async work(name: string, worker: Worker): Promise<void> {
    this.workers.set(name, worker);
  }

  async getJob(name: string, id: string): Promise<JobInfo | null> {
    const r = await this.db
      .selectFrom('jobs')
      .select(['state', 'attempts', 'error'])
      .where('id', '=', id)
      .where('name', '=', name)
      .executeTakeFirst();
    return r ?? null;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const loop = async () => {
      if (this.stopping) return;
      this.inFlight = this.tick().catch((err) => this.opts.onError?.(err, { id: '-', name: '-' }));
      await this.inFlight;
      this.inFlight = undefined;
      if (!this.stopping) this.timer = setTimeout(loop, this.pollMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  /** One pass: fire due schedules, then run due jobs until none is left (or the queue is stopping). */
  async tick(): Promise<number> {
    await this.fireSchedules();
    let ran = 0;
    for (;;) {
      if (this.stopping) break;
      const r = await this.runOne();
      if (r === 'none') break;
      if (r === 'ran') ran++;
    }
    return ran;
  }

  /** Sends one job for each schedule whose slot has come; a slot is claimed by a conditional update. */
  async fireSchedules(): Promise<void> {
    const now = this.clock();
    const due = await this.db
      .selectFrom('job_schedules')
      .selectAll()
      .where('next_run_at', '<=', now.toISOString())
      .execute();
    for (const s of due) {
      const next = nextRun(s.cron, now).toISOString();
      const claimed = await this.db
        .updateTable('job_schedules')
        .set({ next_run_at: next, updated_at: now.toISOString() })
        .where('name', '=', s.name)
        .where('next_run_at', '=', s.next_run_at)
        .executeTakeFirst();
      // singleton key: a slot that comes while the last scheduled run still waits is skipped
      if (Number(claimed.numUpdatedRows) === 1) await this.send(s.name, {}, { singletonKey: 'schedule' });
    }
  }

  /** Claims and runs the oldest due job that has a worker here: `ran`, `lost` (to another runner) or `none`. */
  async runOne(): Promise<'ran' | 'lost' | 'none'> {
    const names = [...this.workers.keys()];
    if (!names.length) return 'none';
    const now = this.clock();
    const iso = now.toISOString();
    const candidate = await this.db
      .selectFrom('jobs')
      .select(['id'])
      .where('name', 'in', names)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', 'in', ['created', 'retry']), eb('start_after', '<=', iso)]),
          eb.and([eb('state', '=', 'active'), eb('locked_until', '<', iso)]),
        ]),
      )
      .orderBy('start_after')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return 'none';
    const claim = await this.db
      .updateTable('jobs')
      .set({
        state: 'active',
        locked_by: this.runnerId,
        locked_until: new Date(now.getTime() + this.leaseMs).toISOString(),
        attempts: sql<number>`attempts + 1`,
        started_at: iso,
      })
      .where('id', '=', candidate.id)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', 'in', ['created', 'retry']), eb('start_after', '<=', iso)]),
          eb.and([eb('state', '=', 'active'), eb('locked_until', '<', iso)]),
        ]),
      )
      .executeTakeFirst();
    // another runner took it between the select and the update: look again
    if (Number(claim.numUpdatedRows) !== 1) return 'lost';
    const job = await this.db.selectFrom('jobs').selectAll().where('id', '=', candidate.id).executeTakeFirstOrThrow();
    const renew = setInterval(
      () => {
        const until = new Date(this.clock().getTime() + this.leaseMs).toISOString();
        this.db
          .updateTable('jobs')
          .set({ locked_until: until })
          .where('id', '=', job.id)
          .where('locked_by', '=', this.runnerId)
          .execute()
          .catch(() => {});
      },
      Math.max(1_000, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    // only while the claim is still this runner's (a lapsed claim taken over by another runner is not touched)
    const finish = (changes: Updateable<JobTable>) =>
      this.db
        .updateTable('jobs')
        .set(changes)
        .where('id', '=', job.id)
        .where('locked_by', '=', this.runnerId)
        .where('state', '=', 'active')
        .execute();
    try {
      const output = await this.workers.get(job.name)!({
        id: job.id,
        name: job.name,
        payload: JSON.parse(job.payload) as Record<string, unknown>,
        attempt: job.attempts,
      });
      const done = this.clock().toISOString();
      await finish({
        state: 'completed',
        output: output === undefined ? null : JSON.stringify(output),
        error: null,
        finished_at: done,
        locked_by: null,
        locked_until: null,
      });
    } catch (err) {
      this.opts.onError?.(err, job);
      const failedAt = this.clock();
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.max_attempts;
      await finish(
        final
          ? {
              state: 'failed',
              error: message,
              finished_at: failedAt.toISOString(),
              locked_by: null,
              locked_until: null,
            }
          : {
              state: 'retry',
              error: message,
              start_after: new Date(failedAt.getTime() + backoffMs(this.retryDelayMs, job.attempts)).toISOString(),
              locked_by: null,
              locked_until: null,
            },
      );
    } finally {
      clearInterval(renew);
    }
    return 'ran';
  }
}
