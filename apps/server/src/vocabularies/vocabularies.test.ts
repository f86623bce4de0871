import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VOCABULARIES } from './index.ts';

// The HTCDS 2.0 field list IOM publishes (../shared/data/reference/htcds_2.0_fields.tsv): one row per field, with
// the picklist's value names separated by spaces.
// CORRIDOR_SHARED_DIR points elsewhere when the repository is not checked out beside ../shared.
const SHARED = process.env.CORRIDOR_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../../../../shared');
const HTCDS_FIELDS = path.join(SHARED, 'data/reference/htcds_2.0_fields.tsv');
const htcdsMissing = fs.existsSync(HTCDS_FIELDS) ? false : `the shared HTCDS field list is not at ${HTCDS_FIELDS}`;

function htcdsPicklists(): Map<string, string[]> {
  const lines = fs.readFileSync(HTCDS_FIELDS, 'utf8').split('\n');
  const header = lines[0]!.split('\t');
  const name = header.indexOf('Field Name including Prefix');
  const values = header.indexOf('Value Names (if picklist)');
  const out = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const field = cells[name]?.trim();
    const list = cells[values]?.trim();
    if (field && list) out.set(field, list.split(/\s+/));
  }
  return out;
}

test('vocabulary ids are unique and each vocabulary lists its codes once, with a label each', () => {
  const ids = VOCABULARIES.map((v) => v.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const v of VOCABULARIES) {
    assert.match(v.id, /^(htcds|gbvims|corridor)\.[a-z_]+$/);
    assert.equal(new Set(v.codes).size, v.codes.length, v.id);
    assert.ok(v.codes.length > 0, v.id);
    for (const c of v.codes) {
      assert.match(c, /^[A-Za-z][A-Za-z0-9_]{0,59}$/, `${v.id} ${c}`);
      assert.ok(v.labels[c], `${v.id} ${c} has a label`);
      assert.equal(v.has(c), true);
    }
    assert.equal(v.has('NotACodeOfAnything'), false);
  }
});

test('every HTCDS vocabulary has exactly the codes of its field in the published HTCDS 2.0 field list', {
  skip: htcdsMissing,
}, () => {
  const picklists = htcdsPicklists();
  const htcds = VOCABULARIES.filter((v) => v.id.startsWith('htcds.'));
  assert.ok(htcds.length >= 14);
  for (const v of htcds) {
    const field = /\b(?:vic|per|cas|hte|spl)_[A-Za-z]+/.exec(v.source)?.[0];
    assert.ok(field, `${v.id} names its HTCDS field in its source`);
    assert.deepEqual([...v.codes], picklists.get(field), `${v.id} = ${field}`);
  }
});

test('the six GBVIMS core types, no more', () => {
  const core = VOCABULARIES.find((v) => v.id === 'gbvims.core_type')!;
  assert.equal(core.codes.length, 6);
});

test('docs/cases.md lists every vocabulary with every code, and no vocabulary that does not exist', () => {
  const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../docs/cases.md'), 'utf8');
  for (const v of VOCABULARIES) {
    const section = doc.split(`#### \`${v.id}\``)[1]?.split('\n#### ')[0];
    assert.ok(section, `docs/cases.md has no section for ${v.id}`);
    for (const c of v.codes) assert.ok(section.includes(`\`${c}\``), `docs/cases.md: ${v.id} lacks ${c}`);
  }
  const documented = [...doc.matchAll(/^#### `([a-z]+\.[a-z_]+)`/gm)].map((m) => m[1]);
  assert.deepEqual(
    documented,
    VOCABULARIES.map((v) => v.id),
  );
});
