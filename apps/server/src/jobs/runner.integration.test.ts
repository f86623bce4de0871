import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { engines, PG_URL, startTestApp, type TestApp } from '../../test/harness.ts';
import type { JobDefinition, JobDeps } from './job.ts';
import { registeredJobs } from './registry.ts';
import { lastRuns, purgeJobHistory, runJob, startJobs } from './runner.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const { engine, skip } of engines()) {
  describe(`registered jobs through the queue (${engine})`, { skip }, () => {
    let t: TestApp;
    let deps: JobDeps;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-jobs-'));
    const bossSchema = `boss_${randomBytes(5).toString('hex')}`;
    before(async () => {
      t = await startTestApp(engine, { env: { CORRIDOR_MESSAGE_OUTBOX_FILE: path.join(dir, 'messages.jsonl') } });
      deps = { config: t.deps.config, database: t.deps.database, clock: t.clock.now };
    });
    after(async () => {
      await t?.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${bossSchema} cascade`);
        await c.end();
      }
    });

    test('the registry names housekeeping, retention, referral reminders and message delivery, each scheduled by the configuration', () => {
      const names = registeredJobs.map((j) => j.name);
      for (const n of ['housekeeping', 'retention', 'referral-reminders', 'message-delivery'])
        assert.ok(names.includes(n));
      assert.equal(new Set(names).size, names.length, 'names are unique');
      const housekeeping = registeredJobs.find((j) => j.name === 'housekeeping')!;
      assert.equal(housekeeping.schedule(t.deps.config), '*/10 * * * *');
    });

    test('a run is recorded with its summary; a failing run with its error', async () => {
      const ok: JobDefinition = {
        name: 'test-ok',
        description: 'counts',
        schedule: () => null,
        run: async (_d, payload, now) => ({ seen: Number(payload.n ?? 0), at: now.toISOString() }),
      };
      const bad: JobDefinition = { ...ok, name: 'test-bad', run: async () => Promise.reject(new Error('disk full')) };
      assert.deepEqual(await runJob(deps, ok, { n: 2 }, { trigger: 'cli' }), {
        seen: 2,
        at: t.clock.now().toISOString(),
      });
      await assert.rejects(runJob(deps, bad, {}, { trigger: 'cli' }), /disk full/);
      const [okRun] = await lastRuns(t.deps.database.db, 'test-ok');
      assert.equal(okRun!.status, 'completed');
      assert.equal(okRun!.trigger, 'cli');
      assert.deepEqual(JSON.parse(okRun!.summary!), { seen: 2, at: t.clock.now().toISOString() });
      const [badRun] = await lastRuns(t.deps.database.db, 'test-bad');
      assert.equal(badRun!.status, 'failed');
      assert.equal(badRun!.error, 'disk full');
      // history older than 30 days is purged by housekeeping
      assert.equal(await purgeJobHistory(t.deps.database.db, new Date(t.clock.now().getTime() + 31 * 86_400_000)), 2);
    });

    test('startJobs registers a worker for every job and the schedules; a sent job runs and is recorded; stop is graceful', async () => {
      const queue = await startJobs(deps, {
        postgres: { connectionString: PG_URL ?? '', schema: bossSchema, pollingIntervalSeconds: 0.5 },
        embedded: { pollMs: 20 },
      });
      try {
        assert.equal(queue.kind, engine === 'postgres' ? 'pg-boss' : 'embedded');
        const id = await queue.send('housekeeping', {});
        assert.ok(id);
        const end = Date.now() + 20_000;
        while (!(await lastRuns(t.deps.database.db, 'housekeeping')).length) {
          if (Date.now() > end) throw new Error('housekeeping did not run');
          await sleep(50);
        }
        const [run] = await lastRuns(t.deps.database.db, 'housekeeping');
        assert.equal(run!.trigger, 'queue');
        assert.equal(run!.job_id, id);
        assert.equal(run!.status, 'completed');
        assert.deepEqual(Object.keys(JSON.parse(run!.summary!)).sort(), [
          'idempotencyKeys',
          'jobHistory',
          'messages',
          'passwordResets',
          'rateLimits',
          'sessions',
        ]);
        if (engine === 'sqlite') {
          const schedules = await t.deps.database.db.selectFrom('job_schedules').select(['name', 'cron']).execute();
          assert.deepEqual(
            Object.fromEntries(schedules.map((s) => [s.name, s.cron])),
            Object.fromEntries(registeredJobs.map((j) => [j.name, j.schedule(t.deps.config)])),
          );
        } else {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          const { rows } = await c.query(`select name, cron from ${bossSchema}.schedule order by name`);
          await c.end();
          assert.deepEqual(
            Object.fromEntries(rows.map((s: { name: string; cron: string }) => [s.name, s.cron])),
            Object.fromEntries(registeredJobs.map((j) => [j.name, j.schedule(t.deps.config)])),
          );
        }
      } finally {
        await queue.stop();
      }
    });
  });
}
