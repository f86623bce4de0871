// `corridor import` and `corridor export`, run as a user would: child processes on a real data folder, with the
// example files of docs/examples, and an export imported back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;
const example = (name: string) => new URL(`../../../docs/examples/${name}`, import.meta.url).pathname;

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor import and export', () => {
  let dir: string;
  let env: Record<string, string>;
  const org = 'DEMO-IO-IRQ';
  const supervisor = 'import.supervisor@test.corridor.invalid';
  const caseworker = 'import.caseworker@test.corridor.invalid';
  const declaration = ['--basis', 'public_interest', '--information', 'Registration explained in Tigrinya and Arabic.'];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-import-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
    assert.equal(corridor(['seed', '--demo'], env).code, 0);
    for (const [email, roles] of [
      [supervisor, 'caseworker,supervisor'],
      [caseworker, 'caseworker'],
    ] as const) {
      const u = corridor(
        ['user', 'create', '--email', email, '--name', 'Importer', '--org', org, '--roles', roles],
        env,
      );
      assert.equal(u.code, 0, u.err);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const importFile = (file: string, kind: string, ...extra: string[]) =>
    corridor(['import', file, '--org', org, '--as', supervisor, '--kind', kind, ...declaration, ...extra], env);

  test('import and export have --help', () => {
    for (const cmd of ['import', 'export']) {
      const r = corridor([cmd, '--help'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`Usage: corridor ${cmd}`));
    }
  });

  test('a file imports, a dry run writes nothing, a second import creates nothing, a bad file exits 1 with every row', () => {
    const dry = importFile(example('trafficking-cases-htcds.csv'), 'trafficking-cases', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^Checked \(dry run: nothing was written\) .*2 rows, 2 created/);

    const first = importFile(example('beneficiaries.csv'), 'beneficiaries');
    assert.equal(first.code, 0, first.err);
    assert.match(
      first.out,
      /Imported beneficiaries\.csv as beneficiaries \(CSV, HXL row\): 3 rows, 3 created, 0 updated, 0 unchanged\./,
    );
    const again = importFile(example('beneficiaries.csv'), 'beneficiaries');
    assert.match(again.out, /3 rows, 0 created, 0 updated, 3 unchanged\./);

    for (const [file, kind] of [
      ['trafficking-cases-htcds.csv', 'trafficking-cases'],
      ['services.csv', 'services'],
    ] as const) {
      const r = importFile(example(file), kind);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /created/);
    }

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'name_latin,date_of_birth,sex\nGood Row,1990-01-01,female\nBad Date,1990-02-30,female\nBad Sex,1990-01-01,x\n',
    );
    const r = importFile(bad, 'beneficiaries');
    assert.equal(r.code, 1);
    assert.match(r.err, /2 problems; nothing was imported/);
    assert.match(r.err, /row 3, date_of_birth: /);
    assert.match(r.err, /row 4, sex: /);

    const undeclared = corridor(['import', bad, '--org', org, '--as', supervisor, '--kind', 'beneficiaries'], env);
    assert.equal(undeclared.code, 1);
    assert.match(undeclared.err, /--basis/);

    // A file that is not there, or a folder, is said plainly; a services file without its dates, at its header.
    const missing = importFile(path.join(dir, 'no-such-file.csv'), 'beneficiaries');
    assert.equal(missing.code, 1);
    assert.equal(missing.err.trim(), `Error: ${path.join(dir, 'no-such-file.csv')}: there is no such file or folder`);
    const folder = importFile(dir, 'beneficiaries');
    assert.equal(folder.code, 1);
    assert.match(folder.err, /it is a folder, not a file/);
    const undated = path.join(dir, 'undated.csv');
    fs.writeFileSync(undated, 'source_id,case_reference,service_type\nS-1,IRQ-VOT-2026-000001,accommodation\n');
    const refused = importFile(undated, 'services');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /row 1: the file has no delivered_on column/);
  });

  test('export writes a file only its owner reads, with an HXL row; the export imports back unchanged', () => {
    const out = path.join(dir, 'people.csv');
    const r = corridor(['export', '--list', 'beneficiaries', '--org', org, '--as', supervisor, '--out', out], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Exported \d+ beneficiaries/);
    assert.equal((fs.statSync(out).mode & 0o777).toString(8), '600');
    const lines = fs
      .readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    assert.match(lines[0]!, /^beneficiary_id,given_name,family_name/);
    assert.match(lines[1]!, /^#beneficiary\+code,#beneficiary\+name\+given/);
    assert.ok(lines.some((l) => l.includes('Amina')));
    assert.ok(
      lines.some((l) => l.includes('Hana')),
      'the supervisor is assigned to the cases they imported',
    );

    const back = importFile(out, 'beneficiaries');
    assert.equal(back.code, 0, back.err);
    assert.match(back.out, /0 created, 0 updated, \d+ unchanged\./);

    assert.equal(
      corridor(['export', '--list', 'beneficiaries', '--org', org, '--as', supervisor, '--out', out], env).code,
      1,
      'never overwrites a file',
    );
    const xlsx = path.join(dir, 'cases.xlsx');
    const cases = corridor(['export', '--list', 'cases', '--org', org, '--as', supervisor, '--out', xlsx], env);
    assert.equal(cases.code, 0, cases.err);
    assert.equal(fs.readFileSync(xlsx).subarray(0, 2).toString(), 'PK');

    const refused = corridor(
      ['export', '--list', 'beneficiaries', '--org', org, '--as', caseworker, '--out', path.join(dir, 'x.csv')],
      env,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.err, /must be a supervisor/);
  });
});
