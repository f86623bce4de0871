// `corridor subject export` and `corridor retention run`, run as a user would: child processes on a real data
// folder seeded with the demo set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor subject export and retention run', () => {
  let dir: string;
  let env: Record<string, string>;
  let personId: string;
  const org = 'DEMO-IO-IRQ';
  const supervisor = 'rights.supervisor@test.corridor.invalid';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-subject-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
    assert.equal(corridor(['seed', '--demo'], env).code, 0);
    const u = corridor(
      ['user', 'create', '--email', supervisor, '--name', 'Rights', '--org', org, '--roles', 'supervisor'],
      env,
    );
    assert.equal(u.code, 0, u.err);
    const reg = corridor(
      ['user', 'create', '--email', 'x@test.corridor.invalid', '--name', 'X', '--org', org, '--roles', 'caseworker'],
      env,
    );
    assert.equal(reg.code, 0, reg.err);
    const db = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
    try {
      const row = db
        .prepare(
          `select b.id from beneficiaries b join organisations o on o.id = b.organisation_id
           where o.code = ? and b.restricted = 0 order by b.id limit 1`,
        )
        .get(org) as { id: string } | undefined;
      assert.ok(row, 'the demo set holds a person of the organisation');
      personId = row.id;
    } finally {
      db.close();
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('subject export writes the document readable only by the owner, never over an existing file', () => {
    const out = path.join(dir, 'subject.json');
    const r = corridor(
      ['subject', 'export', '--org', org, '--as', supervisor, '--person', personId, '--out', out],
      env,
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Wrote the subject access document/);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(doc.format, 'corridor.subject-access/1');
    assert.equal(doc.person.id, personId);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    const before = fs.readFileSync(out, 'utf8');
    const again = corridor(
      ['subject', 'export', '--org', org, '--as', supervisor, '--person', personId, '--out', out],
      env,
    );
    assert.equal(again.code, 1);
    assert.match(again.err, /exists/);
    assert.equal(fs.readFileSync(out, 'utf8'), before);
    const notSupervisor = corridor(
      ['subject', 'export', '--org', org, '--as', 'x@test.corridor.invalid', '--person', personId, '--out', `${out}.2`],
      env,
    );
    assert.equal(notSupervisor.code, 1);
    assert.ok(!fs.existsSync(`${out}.2`));
  });

  test('retention run: a dry run counts, a run anonymises and prints counts, a second run finds nothing', () => {
    const dry = corridor(['retention', 'run', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^Dry run: \d+ person\(s\) past their schedule of \d+ checked; nothing changed\./);
    const run = corridor(['retention', 'run'], env);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^Anonymised \d+ person\(s\) past their schedule/);
    const again = corridor(['retention', 'run'], env);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^Anonymised 0 person\(s\)/);
    const bad = corridor(['retention', 'run'], { ...env, CORRIDOR_RETENTION_YEARS: 'smuggling=3' });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /CORRIDOR_RETENTION_YEARS/);
  });
});
