// `corridor evidence verify | rebuild`, run as an operator would: child processes on a real data folder seeded with
// the demo data (written through the services, so through the evidence hooks). Verify finds no difference; a
// tampered cell is reported with exit code 1; rebuild repairs it.
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
