// `corridor linkage dedupe | link`, run as a user would: child processes on FEBRL files of ../shared/data as they
// are (padded with spaces), and on small files written here; the pairs CSV and the saved model are read back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;
const FEBRL = new URL('../../../../shared/data/linkage/febrl/', import.meta.url).pathname;

function corridor(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor linkage', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-linkage-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => path.join(dir, name);

  test('dedupe reads a FEBRL file as is and writes both ids with the match probability', (t) => {
    if (!fs.existsSync(path.join(FEBRL, 'dataset1.csv'))) return t.skip('the shared data set is not present');
    const r = corridor([
      'linkage',
      'dedupe',
      '--input',
      path.join(FEBRL, 'dataset1.csv'),
      '--id-column',
      'rec_id',
      '--out',
      file('pairs.csv'),
      '--save-model',
      file('model.json'),
      '--threads',
      '1',
    ]);
    assert.equal(r.code, 0, r.err);
    const rows = parse(fs.readFileSync(file('pairs.csv')), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!), ['id_left', 'id_right', 'match_probability', 'match_weight']);
    assert.ok(rows.length >= 490 && rows.length <= 510, `${rows.length} pairs`);
    const same = rows.filter((x) => x.id_left!.split('-')[1] === x.id_right!.split('-')[1]).length;
    assert.ok(same / rows.length > 0.99);
    for (const x of rows) assert.ok(Number(x.match_probability) >= 0.9 && Number(x.match_probability) <= 1);
    const model = JSON.parse(fs.readFileSync(file('model.json'), 'utf8'));
    assert.equal(model.format, 'corridor-linkage-model');
    assert.ok(!JSON.stringify(model).includes('harrington'), 'the model holds no values');

    // link with the saved model: the originals of FEBRL 1 against its duplicates, lines kept as they are
    const lines = fs.readFileSync(path.join(FEBRL, 'dataset1.csv'), 'utf8').trimEnd().split('\n');
    fs.writeFileSync(file('a.csv'), [lines[0], ...lines.slice(1).filter((x) => /^rec-\d+-org/.test(x))].join('\n'));
    fs.writeFileSync(file('b.csv'), [lines[0], ...lines.slice(1).filter((x) => /^rec-\d+-dup/.test(x))].join('\n'));
    const l = corridor([
      'linkage',
      'link',
      '--left',
      file('a.csv'),
      '--right',
      file('b.csv'),
      '--id-column',
      'rec_id',
      '--model',
      file('model.json'),
      '--out',
      file('link.csv'),
      '--threads',
      '1',
    ]);
    assert.equal(l.code, 0, l.err);
    const linked = parse(fs.readFileSync(file('link.csv')), { columns: true }) as Record<string, string>[];
    assert.ok(linked.length >= 490, `${linked.length} links`);
    for (const x of linked) {
      assert.match(x.id_left!, /-org$/);
      assert.match(x.id_right!, /-dup-/);
    }
    assert.ok(
      linked.filter((x) => x.id_left!.split('-')[1] === x.id_right!.split('-')[1]).length / linked.length > 0.99,
    );
  });

  test('bad input gets a clear message and exit code 2', () => {
    fs.writeFileSync(file('c.csv'), 'id,name\n1,Ali\n');
    const noColumn = corridor([
      'linkage',
      'dedupe',
      '--input',
      file('c.csv'),
      '--id-column',
      'rid',
      '--out',
      file('o.csv'),
    ]);
    assert.equal(noColumn.code, 2);
    assert.match(noColumn.err, /no column "rid"/);
    const badKind = corridor([
      'linkage',
      'dedupe',
      '--input',
      file('c.csv'),
      '--id-column',
      'id',
      '--fields',
      'name:colour',
      '--out',
      file('o.csv'),
    ]);
    assert.equal(badKind.code, 2);
    assert.match(badKind.err, /unknown kind "colour"/);
    const badThreshold = corridor([
      'linkage',
      'dedupe',
      '--input',
      file('c.csv'),
      '--id-column',
      'id',
      '--threshold',
      '2',
      '--out',
      file('o.csv'),
    ]);
    assert.equal(badThreshold.code, 2);
    assert.match(badThreshold.err, /--threshold/);
    assert.ok(!fs.existsSync(file('o.csv')));
    const dedupe = (...more: string[]) =>
      corridor(['linkage', 'dedupe', '--input', file('c.csv'), '--id-column', 'id', '--out', file('o.csv'), ...more]);
    const threads = dedupe('--threads', 'abc');
    assert.equal(threads.code, 2);
    assert.match(threads.err, /--threads must be a whole number from 0 to 64/);
    const missing = corridor([
      'linkage',
      'dedupe',
      '--input',
      file('none.csv'),
      '--id-column',
      'id',
      '--out',
      file('o.csv'),
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /there is no such file/);
    const notJson = dedupe('--model', file('c.csv'));
    assert.equal(notJson.code, 2);
    assert.match(notJson.err, /not a JSON file/);
    // Both outputs or neither: a model that cannot be saved leaves no pairs file either.
    const nowhere = dedupe('--save-model', file('no-such-folder/m.json'));
    assert.notEqual(nowhere.code, 0);
    assert.match(nowhere.err, /there is no folder/);
    assert.ok(!fs.existsSync(file('o.csv')));
  });
});
