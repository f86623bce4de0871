// The `corridor` command, run as a user would run it: a child process on a real data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;

function corridor(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every command has --help', () => {
    for (const cmd of [
      [],
      ['serve'],
      ['migrate'],
      ['seed'],
      ['user', 'create'],
      ['backup'],
      ['restore'],
      ['audit', 'verify'],
    ]) {
      const r = corridor([...cmd, '--help'], env);
      assert.equal(r.code, 0, `${cmd.join(' ')} --help: ${r.err}`);
      assert.match(r.out, /Usage: corridor/);
    }
  });

  test('migrate, seed --demo, user create, audit verify, backup and restore', () => {
    const m = corridor(['migrate'], env);
    assert.equal(m.code, 0, m.err);
    assert.match(m.out, /Up 20261128T1800_foundation/);
    assert.match(corridor(['migrate', '--status'], env).out, /applied {2}20261128T1800_foundation/);

    const seed = corridor(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
    assert.match(seed.out, /platform\.admin@demo\.corridor\.invalid \/ \S{12,}/);
    const creds = fs.readFileSync(path.join(dir, 'demo-credentials.txt'), 'utf8');
    assert.equal((fs.statSync(path.join(dir, 'demo-credentials.txt')).mode & 0o777).toString(8), '600');
    for (const role of [
      'platform_admin',
      'admin',
      'supervisor',
      'caseworker',
      'analyst',
      'auditor',
      'recruiter_staff',
      'certification_auditor',
      'certification_officer',
      'operations_officer',
    ])
      assert.match(creds, new RegExp(`\\t${role}`));
    assert.equal(corridor(['seed', '--demo'], env).code, 1, 'refuses to seed twice');
    // The demo caseload: every case type, consents recorded, and referrals along their lifecycle.
    const seeded = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
    const types = (seeded.prepare('select distinct type from cases order by type').all() as { type: string }[]).map(
      (r) => r.type,
    );
    assert.deepEqual(types, ['avrr', 'child', 'gbv', 'protection', 'trafficking']);
    const statuses = (seeded.prepare('select distinct status from referrals').all() as { status: string }[]).map(
      (r) => r.status,
    );
    assert.ok(statuses.includes('closed') && statuses.includes('sent'), `referral statuses ${statuses}`);
    const noBasis = seeded
      .prepare(
        "select count(*) as n from cases c where not exists (select 1 from consent_events e where e.beneficiary_id = c.beneficiary_id and e.purpose = 'assistance')",
      )
      .get() as { n: number };
    assert.equal(noBasis.n, 0, 'every demo case has an assistance basis');
    seeded.close();

    const bad = corridor(
      ['user', 'create', '--email', 'x@test.invalid', '--name', 'X', '--org', 'DEMO-IO-IRQ', '--roles', 'admin,wizard'],
      env,
    );
    assert.equal(bad.code, 1);
    assert.match(bad.err, /Unknown role\(s\): wizard/);
    // The API's rules for a new user hold here too: an email, a name, a password of at least 12 characters.
    const blank = corridor(
      ['user', 'create', '--email', '  ', '--name', '', '--org', 'DEMO-IO-IRQ', '--roles', 'caseworker'],
      env,
    );
    assert.equal(blank.code, 1);
    assert.match(blank.err, /--email: .*--name: /);
    const short = corridor(
      [
        'user',
        'create',
        '--email',
        'short@test.invalid',
        '--name',
        'S',
        '--org',
        'DEMO-IO-IRQ',
        '--roles',
        'caseworker',
        '--password-stdin',
      ],
      env,
      'short',
    );
    assert.equal(short.code, 1);
    assert.match(short.err, /the password: must be at least 12 characters/);
    const weak = corridor(
      [
        'user',
        'create',
        '--email',
        'w@test.invalid',
        '--name',
        'W',
        '--org',
        'DEMO-IO-IRQ',
        '--roles',
        'analyst',
        '--password-stdin',
      ],
      env,
      'password1234\n',
    );
    assert.equal(weak.code, 1);
    assert.match(weak.err, /common/);
    const ok = corridor(
      [
        'user',
        'create',
        '--email',
        'Field.Officer@test.invalid',
        '--name',
        'Field Officer',
        '--org',
        'DEMO-IO-IRQ',
        '--roles',
        'caseworker',
      ],
      env,
    );
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /Created user field\.officer@test\.invalid/);
    assert.match(ok.out, /Password \(shown once\): \S{12,}/);

    const v = corridor(['audit', 'verify'], env);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /Audit chain intact: \d+ entries checked/);

    const backup = path.join(dir, 'backup.sqlite');
    const b = corridor(['backup', backup], env);
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /integrity ok/);
    assert.equal(corridor(['backup', backup], env).code, 1, 'never overwrites a backup');

    // Damage the live data after the backup, then restore: the users come back.
    const live = new SQLite(path.join(dir, 'corridor.sqlite'));
    const before = (live.prepare('select count(*) as n from users').get() as { n: number }).n;
    live.prepare("delete from user_roles where user_id in (select id from users where email like 'field.%')").run();
    live.prepare("delete from users where email like 'field.%'").run();
    live.close();
    const r = corridor(['restore', backup], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /rows match the backup/);
    const after = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
    assert.equal((after.prepare('select count(*) as n from users').get() as { n: number }).n, before);
    after.close();

    // A damaged backup is refused and the live database is left alone.
    const broken = path.join(dir, 'broken.sqlite');
    fs.writeFileSync(broken, Buffer.concat([fs.readFileSync(backup).subarray(0, 4096), Buffer.alloc(8192, 0xab)]));
    const rb = corridor(['restore', broken], env);
    assert.equal(rb.code, 1);
    assert.equal(corridor(['audit', 'verify'], env).code, 0);

    // A file that is not a Corridor backup (empty, another SQLite database, a folder) is refused; nothing changes.
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const other = path.join(dir, 'other.sqlite');
    const o = new SQLite(other);
    o.exec('create table t(x)');
    o.close();
    for (const [file, reason] of [
      [empty, /is empty, not a backup/],
      [other, /is not a backup of a Corridor database/],
      [dir, /is a folder, not a backup file/],
    ] as const) {
      const refused = corridor(['restore', file], env);
      assert.equal(refused.code, 1, file);
      assert.match(refused.err, reason);
    }
    const kept = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
    assert.equal((kept.prepare('select count(*) as n from users').get() as { n: number }).n, before);
    kept.close();
    // A step count that is not a whole number is refused, not read as "migrate up".
    const down = corridor(['migrate', '--down', 'abc'], env);
    assert.equal(down.code, 1);
    assert.match(down.err, /--down must be a whole number/);

    // Tampering with the audit log is reported with a non-zero exit code.
    const db = new SQLite(path.join(dir, 'corridor.sqlite'));
    db.prepare("update audit_log set details = '{}' where seq = 2").run();
    db.close();
    const tampered = corridor(['audit', 'verify'], env);
    assert.equal(tampered.code, 1);
    assert.match(tampered.out, /BROKEN.*entry 2 was changed/);
  });

  test('bad configuration is reported in full, with a non-zero exit code', () => {
    const r = corridor(['migrate'], { ...env, PORT: 'x', CORRIDOR_DEMO_DATA: 'sometimes' });
    assert.equal(r.code, 1);
    assert.match(r.err, /PORT/);
    assert.match(r.err, /CORRIDOR_DEMO_DATA/);
  });
});
