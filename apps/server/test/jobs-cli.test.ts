// `corridor jobs list|run`, run as an operator runs them: a child process on a real data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;

const { DATABASE_URL: _ignored, ...withoutDatabaseUrl } = process.env;

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    // the embedded database, whatever the caller's environment says
    env: { ...withoutDatabaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor jobs', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-jobs-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every jobs command has --help', () => {
    for (const cmd of [['jobs'], ['jobs', 'list'], ['jobs', 'run']]) {
      const r = corridor([...cmd, '--help'], env);
      assert.equal(r.code, 0, `${cmd.join(' ')} --help: ${r.err}`);
      assert.match(r.out, /Usage: corridor jobs/);
    }
    assert.match(
      corridor(['jobs', 'run', '--help'], env).out,
      /housekeeping, retention, referral-reminders,\s+message-delivery/,
    );
  });

  test('list shows every job with its schedule; run runs one now and list then shows the run', () => {
    const list = corridor(['jobs', 'list'], { ...env, CORRIDOR_JOB_RETENTION_CRON: 'off' });
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /Queue: embedded \(SQLite\)/);
    assert.match(list.out, /housekeeping {2}— .*\n {2}schedule: \*\/10 \* \* \* \*\n {2}last runs: none yet/);
    assert.match(list.out, /retention {2}— .*\n {2}schedule: off/);
    assert.match(list.out, /referral-reminders {2}— .*\n {2}schedule: \*\/15 \* \* \* \*/);
    assert.match(list.out, /message-delivery {2}— .*\n {2}schedule: \* \* \* \* \*/);

    const run = corridor(['jobs', 'run', 'housekeeping'], env);
    assert.equal(run.code, 0, run.err);
    assert.match(
      run.out,
      /^housekeeping done: \{"sessions":0,"idempotencyKeys":0,"rateLimits":0,"passwordResets":0,"jobHistory":0,"messages":0\}/,
    );
    const after = corridor(['jobs', 'list'], env);
    assert.match(
      after.out,
      /housekeeping {2}— .*\n {2}schedule: .*\n {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}completed cli {3}\{"sessions":0/,
    );
  });

  test('run message-delivery hands a queued message to the default adapter: a line in the outbox file', () => {
    const db = new SQLite(path.join(dir, 'corridor.sqlite'));
    const now = new Date().toISOString();
    db.prepare(
      `insert into outbound_messages (id, channel, address, body, kind, status, attempts, send_after, created_at)
       values (?, 'sms', '+9647901234567', 'Your appointment is tomorrow at 09:30.', 'test.msg', 'pending', 0, ?, ?)`,
    ).run(randomUUID(), now, now);
    db.close();
    const out = path.join(dir, 'sent.jsonl');
    const r = corridor(['jobs', 'run', 'message-delivery'], { ...env, CORRIDOR_MESSAGE_OUTBOX_FILE: out });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /message-delivery done: \{"sent":1,/);
    const line = JSON.parse(fs.readFileSync(out, 'utf8').trim());
    assert.equal(line.to, '+9647901234567');
    assert.equal(line.body, 'Your appointment is tomorrow at 09:30.');
    const again = corridor(['jobs', 'run', 'message-delivery'], { ...env, CORRIDOR_MESSAGE_OUTBOX_FILE: out });
    assert.match(again.out, /"sent":0/, 'sent once');
  });

  test('an unknown job or a bad schedule is refused with a clear message and exit code 1', () => {
    const r = corridor(['jobs', 'run', 'nope'], env);
    assert.equal(r.code, 1);
    assert.match(r.err, /No job is called nope\. Jobs: housekeeping, retention/);
    const bad = corridor(['jobs', 'list'], { ...env, CORRIDOR_JOB_HOUSEKEEPING_CRON: 'every day' });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /CORRIDOR_JOB_HOUSEKEEPING_CRON: must be a five-field cron expression/);
  });
});
