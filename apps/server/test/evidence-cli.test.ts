// `corridor evidence verify | rebuild`, run as an operator would: child processes on a real data folder seeded with
// the demo data (written through the services, so through the evidence hooks). Verify finds no difference; a
// tampered cell is reported with exit code 1; rebuild repairs it. On PostgreSQL (CORRIDOR_TEST_PG_URL), the same for
// a person's kept snapshot.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { PG_URL } from './harness.ts';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;

const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...baseEnv, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor evidence', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-evidence-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
    const seed = corridor(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('verify finds no difference on the demo data; a tampered cell exits 1; rebuild repairs it', () => {
    const ok = corridor(['evidence', 'verify'], env);
    assert.equal(ok.code, 0, `${ok.out}\n${ok.err}`);
    assert.match(ok.out, /^\d+ cells of \d+ indicators recomputed from the raw records\.\nNo difference/);
    const cells = Number(/^(\d+) cells/.exec(ok.out)![1]);
    assert.ok(cells > 0, 'the demo caseload gives figures');

    const file = fs.readdirSync(dir).find((f) => f.endsWith('.sqlite'))!;
    const db = new SQLite(path.join(dir, file));
    const row = db
      .prepare("select cell_key, period, grain from evidence_cells where indicator_id = 'cases_opened' limit 1")
      .get() as {
      cell_key: string;
      period: string;
      grain: string;
    };
    db.prepare(
      'update evidence_cells set value = value + 1 where indicator_id = ? and grain = ? and period = ? and cell_key = ?',
    ).run('cases_opened', row.grain, row.period, row.cell_key);
    db.close();
    const bad = corridor(['evidence', 'verify'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /1 cells differ/);
    assert.match(bad.out, new RegExp(`cases_opened ${row.grain} ${row.period} `));

    const rebuilt = corridor(['evidence', 'rebuild'], env);
    assert.equal(rebuilt.code, 0, rebuilt.err);
    assert.match(rebuilt.out, new RegExp(`^Rebuilt ${cells} aggregate cells`));
    assert.equal(corridor(['evidence', 'verify'], env).code, 0);
  });
});

describe('corridor evidence on PostgreSQL: kept snapshots', {
  skip: !PG_URL && 'CORRIDOR_TEST_PG_URL is not set',
}, () => {
  const name = `t_evidence_cli_${randomBytes(5).toString('hex')}`;
  let dir: string;
  let env: Record<string, string>;
  let url: URL;
  const sqlOn = async <T>(target: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  before(async () => {
    await sqlOn(PG_URL!, (c) => c.query(`create database ${name}`));
    url = new URL(PG_URL!);
    url.pathname = `/${name}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-evidence-cli-pg-'));
    env = { CORRIDOR_DATA_DIR: dir, DATABASE_URL: url.toString() };
    assert.equal(corridor(['migrate'], env).code, 0);
    const seed = corridor(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
  });
  after(async () => {
    await sqlOn(PG_URL!, (c) => c.query(`drop database if exists ${name} with (force)`));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('verify compares the demo’s kept snapshots; a tampered one is named with exit 1; rebuild removes them', async () => {
    const ok = corridor(['evidence', 'verify'], env);
    assert.equal(ok.code, 0, `${ok.out}\n${ok.err}`);
    const kept = Number(/(\d+) kept snapshots of people compared with their records: no difference/.exec(ok.out)?.[1]);
    assert.ok(kept > 0, ok.out);
    const person = await sqlOn(url.toString(), async (c) => {
      const r = await c.query<{ beneficiary_id: string }>(
        `update evidence_people set snapshot = replace(snapshot, '"counted":true', '"counted":false')
         where beneficiary_id = (select beneficiary_id from evidence_people where snapshot like '%"counted":true%'
         order by beneficiary_id limit 1) returning beneficiary_id`,
      );
      return r.rows[0]!.beneficiary_id;
    });
    const bad = corridor(['evidence', 'verify'], env);
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, new RegExp(`1 of ${kept} kept snapshots differ`));
    assert.match(bad.out, new RegExp(`person ${person}`));
    assert.match(bad.out, /No difference: the stored aggregates equal the recomputation/);
    assert.equal(corridor(['evidence', 'rebuild'], env).code, 0);
    const after = corridor(['evidence', 'verify'], env);
    assert.equal(after.code, 0, after.out);
    assert.doesNotMatch(after.out, /kept snapshots/, 'none left after a rebuild');
  });
});
