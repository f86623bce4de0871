// The queue's guarantees, on each engine's implementation against a real database: durable across restarts,
// retried with backoff, a failed job recorded with its error, singleton keys, two runners never running one job,
// and schedules that fire once per slot.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { PG_URL } from '../../test/harness.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { EmbeddedQueue } from './embedded-queue.ts';
import { PgBossQueue } from './pg-boss-queue.ts';
import type { QueuedJob } from './queue.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('embedded queue (sqlite)', () => {
  let dir: string;
  let file: string;
  let database: Database;
  let t = Date.parse('2026-06-01T09:00:00.000Z');
  const clock = () => new Date(t);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-queue-'));
    file = path.join(dir, 'corridor.sqlite');
    database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database.db, 'sqlite');
  });
  after(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a job sent survives a restart and runs on the next start', async () => {
    const first = new EmbeddedQueue(database.db, { clock });
    const id = await first.send('durable', { n: 1 });
    assert.ok(id);
    // the process "dies" here: the queue never started; a new process opens the same file
    const reopened = openDatabase({ sqliteFile: file });
    try {
      const seen: QueuedJob[] = [];
      const second = new EmbeddedQueue(reopened.db, { clock });
      await second.work('durable', async (j) => {
        seen.push(j);
        return { ok: true };
      });
      assert.equal(await second.tick(), 1);
      assert.deepEqual(
        seen.map((j) => [j.id, j.payload]),
        [[id, { n: 1 }]],
      );
      const row = await reopened.db.selectFrom('jobs').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
      assert.equal(row.state, 'completed');
      assert.equal(row.output, '{"ok":true}');
    } finally {
      await reopened.close();
    }
  });

  test('a failing job is retried with exponential backoff, then recorded as failed with its error', async () => {
    const q = new EmbeddedQueue(database.db, { clock, retryDelayMs: 60_000 });
    let calls = 0;
    await q.work('flaky', async () => {
      calls++;
      throw new Error(`gateway down (call ${calls})`);
    });
    const id = (await q.send('flaky', {}, { retryLimit: 2 }))!;
    assert.equal(await q.tick(), 1);
    let row = await database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'retry');
    assert.equal(row.error, 'gateway down (call 1)');
    assert.equal(row.start_after, new Date(t + 60_000).toISOString(), 'first retry after the base delay');
    assert.equal(await q.tick(), 0, 'not before its time');
    t += 60_000;
    assert.equal(await q.tick(), 1);
    row = await database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.start_after, new Date(t + 120_000).toISOString(), 'the delay doubles');
    t += 120_000;
    assert.equal(await q.tick(), 1);
    assert.deepEqual(await q.getJob('flaky', id), { state: 'failed', attempts: 3, error: 'gateway down (call 3)' });
    t += 3_600_000;
    assert.equal(await q.tick(), 0, 'a failed job stays failed');
    assert.equal(calls, 3);
  });

  test('a job that fails once and then succeeds completes', async () => {
    const q = new EmbeddedQueue(database.db, { clock, retryDelayMs: 1_000 });
    let calls = 0;
    await q.work('second-time-lucky', async () => {
      calls++;
      if (calls === 1) throw new Error('first attempt fails');
      return { done: calls };
    });
    const id = (await q.send('second-time-lucky', {}))!;
    await q.tick();
    t += 1_000;
    await q.tick();
    assert.deepEqual(await q.getJob('second-time-lucky', id), { state: 'completed', attempts: 2, error: null });
  });

  test('a singleton key keeps one waiting job per key', async () => {
    const q = new EmbeddedQueue(database.db, { clock });
    const a = await q.send('single', {}, { singletonKey: 'k' });
    assert.ok(a);
    assert.equal(await q.send('single', {}, { singletonKey: 'k' }), null);
    assert.ok(await q.send('single', {}, { singletonKey: 'other' }));
    assert.ok(await q.send('single', {}), 'keyless jobs are independent');
    assert.ok(await q.send('single', {}));
  });

  test('two runners on two connections never run one job twice, and run them all', async () => {
    const other = openDatabase({ sqliteFile: file });
    try {
      const runs = new Map<string, number>();
      const worker = async (j: QueuedJob) => {
        runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
        await sleep(1); // yield, so the runners interleave
      };
      const q1 = new EmbeddedQueue(database.db, { clock });
      const q2 = new EmbeddedQueue(other.db, { clock });
      await q1.work('race', worker);
      await q2.work('race', worker);
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) ids.push((await q1.send('race', { i }))!);
      const [n1, n2] = await Promise.all([q1.tick(), q2.tick()]);
      assert.equal(n1 + n2, 60);
      assert.ok(n1 > 0 && n2 > 0, `both runners worked (${n1}, ${n2})`);
      assert.deepEqual(
        ids.filter((id) => runs.get(id) !== 1),
        [],
        'every job ran exactly once',
      );
    } finally {
      await other.close();
    }
  });

  test('a crashed runner’s job is taken over once its claim lapses, not before', async () => {
    const q = new EmbeddedQueue(database.db, { clock, leaseMs: 60_000 });
    let calls = 0;
    await q.work('orphan', async () => {
      calls++;
    });
    const id = (await q.send('orphan', {}))!;
    // another runner claimed it and died
    await database.db
      .updateTable('jobs')
      .set({ state: 'active', locked_by: 'dead-runner', locked_until: new Date(t + 60_000).toISOString(), attempts: 1 })
      .where('id', '=', id)
      .execute();
    assert.equal(await q.tick(), 0);
    t += 61_000;
    assert.equal(await q.tick(), 1);
    assert.equal(calls, 1);
    assert.equal((await q.getJob('orphan', id))?.state, 'completed');
  });

  test('a schedule fires once per slot, whichever runner sees it, and survives a restart', async () => {
    t = Date.parse('2026-06-01T10:03:00.000Z');
    const other = openDatabase({ sqliteFile: file });
    try {
      const q1 = new EmbeddedQueue(database.db, { clock });
      const q2 = new EmbeddedQueue(other.db, { clock });
      let runs = 0;
      for (const q of [q1, q2]) await q.work('every-ten', async () => void runs++);
      await q1.schedule('every-ten', '*/10 * * * *');
      await q2.schedule('every-ten', '*/10 * * * *'); // a second server registering the same schedule
      const s = await database.db.selectFrom('job_schedules').selectAll().executeTakeFirstOrThrow();
      assert.equal(s.next_run_at, '2026-06-01T10:10:00.000Z');
      await Promise.all([q1.tick(), q2.tick()]);
      assert.equal(runs, 0, 'nothing before the first slot');
      t = Date.parse('2026-06-01T10:10:05.000Z');
      await Promise.all([q1.tick(), q2.tick()]);
      assert.equal(runs, 1, 'one run for the slot');
      await Promise.all([q1.tick(), q2.tick()]);
      assert.equal(runs, 1);
      // a restart re-registers the unchanged schedule without moving its slot
      const q3 = new EmbeddedQueue(database.db, { clock });
      await q3.work('every-ten', async () => void runs++);
      await q3.schedule('every-ten', '*/10 * * * *');
      t = Date.parse('2026-06-01T10:20:00.000Z');
      await q3.tick();
      assert.equal(runs, 2);
      await q3.unschedule('every-ten');
      t = Date.parse('2026-06-01T10:30:00.000Z');
      await q3.tick();
      assert.equal(runs, 2, 'unscheduled');
    } finally {
      await other.close();
    }
  });

  test('start and stop: a started queue runs jobs by itself; stop waits for the job in hand', async () => {
    const q = new EmbeddedQueue(database.db, { clock, pollMs: 20 });
    let finished = false;
    let started = false;
    await q.work('slow', async () => {
      started = true;
      await sleep(300);
      finished = true;
    });
    await q.start();
    await q.send('slow', {});
    await until('the job to start', () => started);
    await q.stop();
    assert.equal(finished, true, 'stop returned only after the job finished');
  });
});

describe('pg-boss queue (postgres)', {
  skip: PG_URL ? false : 'CORRIDOR_TEST_PG_URL is not set (.ci/run sets it)',
}, () => {
  const schema = `boss_${randomBytes(5).toString('hex')}`;
  const queues: PgBossQueue[] = [];
  const make = (extra: Partial<ConstructorParameters<typeof PgBossQueue>[0]> = {}) => {
    const q = new PgBossQueue({
      connectionString: PG_URL!,
      schema,
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 1,
      ...extra,
    });
    queues.push(q);
    return q;
  };
  after(async () => {
    for (const q of queues) await q.stop().catch(() => {});
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  test('pg-boss keeps its queue in its own schema of the same database; a job sent before a restart runs after it', async () => {
    const first = make();
    await first.start();
    const id = (await first.send('durable', { n: 1 }))!;
    await first.stop();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    const { rows } = await c.query('select count(*)::int as n from information_schema.tables where table_schema = $1', [
      schema,
    ]);
    await c.end();
    assert.ok(rows[0].n > 0, 'tables in the pg-boss schema');
    const second = make();
    const seen: QueuedJob[] = [];
    await second.work('durable', async (j) => void seen.push(j));
    await second.start();
    await until('the job to run', () => seen.length === 1);
    assert.equal(seen[0]!.id, id);
    assert.deepEqual(seen[0]!.payload, { n: 1 });
    await until('completion', async () => (await second.getJob('durable', id))?.state === 'completed');
    await second.stop();
  });

  test('a failing job is retried, then recorded as failed with its error; a second attempt may succeed', async () => {
    const q = make();
    let flaky = 0;
    let lucky = 0;
    await q.work('flaky', async () => {
      flaky++;
      throw new Error(`gateway down (call ${flaky})`);
    });
    await q.work('lucky', async () => {
      lucky++;
      if (lucky === 1) throw new Error('first attempt fails');
    });
    await q.start();
    const f = (await q.send('flaky', {}, { retryLimit: 1 }))!;
    const l = (await q.send('lucky', {}, { retryLimit: 2 }))!;
    await until('the flaky job to fail', async () => (await q.getJob('flaky', f))?.state === 'failed', 30_000);
    assert.deepEqual(await q.getJob('flaky', f), { state: 'failed', attempts: 2, error: 'gateway down (call 2)' });
    await until('the lucky job to complete', async () => (await q.getJob('lucky', l))?.state === 'completed', 30_000);
    assert.equal(lucky, 2);
    await q.stop();
  });

  test('a singleton key keeps one waiting job per key', async () => {
    const q = make();
    await q.start();
    assert.ok(await q.send('single', {}, { singletonKey: 'k' }));
    assert.equal(await q.send('single', {}, { singletonKey: 'k' }), null);
    assert.ok(await q.send('single', {}, { singletonKey: 'other' }));
    assert.ok(await q.send('single', {}));
    assert.ok(await q.send('single', {}), 'keyless jobs are independent');
    await q.stop();
  });

  test('servers starting together on a new schema both start, with every worker (no lost queue creation)', async () => {
    // A schema of its own: the queues are created by these two servers at the same moment (PostgreSQL used to
    // refuse one of them with a deadlock, and that server's start failed half-way).
    // The server's own ten queues, three times over (the clash does not come every time).
    const names = [
      'housekeeping',
      'retention',
      'referral-reminders',
      'message-delivery',
      'appointment-reminders',
      'grievance-retention',
      'grievance-reminders',
      'linkage-projects',
      'evidence-consent-expiry',
      'evidence-fold',
    ];
    for (let round = 1; round <= 3; round++) {
      const fresh = `boss_${randomBytes(5).toString('hex')}`;
      const pair = [new PgBossQueue({ connectionString: PG_URL!, schema: fresh }), make({ schema: fresh })];
      queues.push(pair[0]!);
      const ran = new Set<string>();
      for (const q of pair) for (const n of names) await q.work(n, async () => void ran.add(n));
      try {
        const started = await Promise.allSettled(pair.map((q) => q.start()));
        assert.deepEqual(
          started.map((r) => (r.status === 'fulfilled' ? 'started' : String(r.reason))),
          ['started', 'started'],
          `round ${round}`,
        );
        for (const n of names) await pair[1]!.send(n, {});
        await until('a job of every queue to run', () => names.every((n) => ran.has(n)), 30_000);
      } finally {
        for (const q of pair) await q.stop().catch(() => {});
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${fresh} cascade`);
        await c.end();
      }
    }
  });

  test('two servers never run one job twice, and run them all', async () => {
    const runs = new Map<string, number>();
    const worker = async (j: QueuedJob) => {
      runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
      await sleep(5);
    };
    const q1 = make();
    const q2 = make();
    await q1.work('race', worker);
    await q2.work('race', worker);
    await q1.start();
    await q2.start();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await q1.send('race', { i }))!);
    await until('all jobs to run', () => ids.every((id) => runs.has(id)), 60_000);
    await sleep(1_500); // a duplicate would show up now
    assert.deepEqual(
      ids.filter((id) => runs.get(id) !== 1),
      [],
    );
    await Promise.all([q1.stop(), q2.stop()]);
  });

  test('a schedule registered by two servers fires once per slot', async () => {
    let runs = 0;
    const q1 = make({ cronMonitorIntervalSeconds: 1 });
    const q2 = make({ cronMonitorIntervalSeconds: 1 });
    for (const q of [q1, q2]) await q.work('every-minute', async () => void runs++);
    await q1.start();
    await q2.start();
    await q1.schedule('every-minute', '* * * * *');
    await q2.schedule('every-minute', '* * * * *');
    // every minute's slot is less than a minute old, so the monitor fires it at once, and once
    await until('the scheduled run', () => runs >= 1, 30_000);
    await sleep(4_000);
    // a minute boundary may have passed during the wait: at most one more run
    assert.ok(runs <= 2, `ran ${runs} times`);
    const firstBatch = runs;
    await q1.unschedule('every-minute');
    assert.ok(firstBatch >= 1);
    await Promise.all([q1.stop(), q2.stop()]);
  });
});
