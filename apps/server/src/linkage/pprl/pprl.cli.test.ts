// `corridor linkage encode | match`, run as an analyst would: child processes on files written here (FEBRL-style
// padding, a variant spelling, a record without a partner), no database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';

const bin = new URL('../../../bin/corridor.js', import.meta.url).pathname;

function corridor(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const SCHEMA = {
  version: 3,
  clkConfig: { l: 1024, kdf: { type: 'HKDF', hash: 'SHA256', salt: 'c2FsdA==', keySize: 64 } },
  features: [
    { identifier: 'rec_id', ignored: true },
    {
      identifier: 'given_name',
      format: { type: 'string', encoding: 'utf-8', maxLength: 64 },
      hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 200 }, hash: { type: 'doubleHash' } },
    },
    {
      identifier: 'surname',
      format: { type: 'string', encoding: 'utf-8', maxLength: 64 },
      hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 200 } },
    },
    {
      identifier: 'date_of_birth',
      format: { type: 'integer' },
      hashing: {
        comparison: { type: 'ngram', n: 1, positional: true },
        strategy: { bitsPerFeature: 200 },
        missingValue: { sentinel: '' },
      },
    },
  ],
};

describe('corridor linkage encode | match', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-pprl-cli-'));
    fs.writeFileSync(file('schema.json'), JSON.stringify(SCHEMA));
    fs.writeFileSync(file('key'), 'a shared project secret, 32 bytes\n');
    fs.writeFileSync(
      file('a.csv'),
      'rec_id, given_name, surname, date_of_birth\nrec-1-org, mohammed, hassan, 19900102\nrec-2-org, grace, okello, 19871102\nrec-3-org, omar, haddad, \n',
    );
    fs.writeFileSync(
      file('b.csv'),
      'rec_id, given_name, surname, date_of_birth\nrec-1-dup-0, mohamed, hasan, 19900102\nrec-2-dup-0, grace, okelo, 19871102\nrec-9-dup-0, lina, saleh, 20010309\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('encodes both files and links the same people one-to-one, with their Dice coefficient', () => {
    for (const side of ['a', 'b']) {
      const r = corridor([
        'linkage',
        'encode',
        '--schema',
        file('schema.json'),
        '--secret-file',
        file('key'),
        '--input',
        file(`${side}.csv`),
        '--out',
        file(`${side}.clk.json`),
      ]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /3 records encoded \(1024 bits each\)/);
    }
    const encoded = fs.readFileSync(file('a.clk.json'), 'utf8');
    assert.ok(!/mohammed|hassan/i.test(encoded), 'the encodings file carries no name');
    const m = corridor([
      'linkage',
      'match',
      '--left',
      file('a.clk.json'),
      '--right',
      file('b.clk.json'),
      '--threshold',
      '0.75',
      '--out',
      file('pairs.csv'),
    ]);
    assert.equal(m.code, 0, m.err);
    const rows = parse(fs.readFileSync(file('pairs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => [r.id_left, r.id_right]).sort(), [
      ['rec-1-org', 'rec-1-dup-0'],
      ['rec-2-org', 'rec-2-dup-0'],
    ]);
    for (const r of rows) assert.ok(Number(r.dice) >= 0.75 && Number(r.dice) <= 1);
  });

  test('a different secret gives encodings that do not link', () => {
    fs.writeFileSync(file('other-key'), 'another secret entirely, 32 bytes\n');
    const r = corridor([
      'linkage',
      'encode',
      '--schema',
      file('schema.json'),
      '--secret-file',
      file('other-key'),
      '--input',
      file('b.csv'),
      '--out',
      file('b2.clk.json'),
    ]);
    assert.equal(r.code, 0, r.err);
    const m = corridor([
      'linkage',
      'match',
      '--left',
      file('a.clk.json'),
      '--right',
      file('b2.clk.json'),
      '--threshold',
      '0.75',
      '--out',
      file('pairs2.csv'),
    ]);
    assert.equal(m.code, 0, m.err);
    assert.equal(fs.readFileSync(file('pairs2.csv'), 'utf8').trim(), 'id_left,id_right,dice');
  });

  test('bad input gives clear errors and exit code 1', () => {
    fs.writeFileSync(file('bad.csv'), 'rec_id, given_name, surname, date_of_birth\nr1, ann, lee, 1990-01-02\n');
    const bad = corridor([
      'linkage',
      'encode',
      '--schema',
      file('schema.json'),
      '--secret-file',
      file('key'),
      '--input',
      file('bad.csv'),
      '--out',
      file('bad.clk.json'),
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /line 2: field date_of_birth is not an integer/);
    assert.equal(fs.existsSync(file('bad.clk.json')), false);
    fs.writeFileSync(file('bad-schema.json'), JSON.stringify({ ...SCHEMA, version: 2 }));
    const schema = corridor([
      'linkage',
      'encode',
      '--schema',
      file('bad-schema.json'),
      '--secret-file',
      file('key'),
      '--input',
      file('a.csv'),
      '--out',
      file('x.json'),
    ]);
    assert.equal(schema.code, 1);
    assert.match(schema.err, /\/version: only linkage schema version 3 is supported/);
    fs.writeFileSync(file('short-key'), 'short\n');
    const key = corridor([
      'linkage',
      'encode',
      '--schema',
      file('schema.json'),
      '--secret-file',
      file('short-key'),
      '--input',
      file('a.csv'),
      '--out',
      file('x.json'),
    ]);
    assert.equal(key.code, 1);
    assert.match(key.err, /at least 16 bytes/);
    const t = corridor([
      'linkage',
      'match',
      '--left',
      file('a.clk.json'),
      '--right',
      file('b.clk.json'),
      '--threshold',
      '1.5',
      '--out',
      file('x.csv'),
    ]);
    assert.equal(t.code, 1);
    assert.match(t.err, /--threshold must be a Dice coefficient/);
  });
});
