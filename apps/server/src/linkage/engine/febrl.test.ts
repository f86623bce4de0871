// Accuracy on the public FEBRL data (../shared/data/linkage/febrl, ANU Open Source Licence), unsupervised: the
// labels in rec_id are used only to score the result. Target: F1 at least 0.97 on the FEBRL dedupe sets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { accuracyOf, crossPairs, febrlEntity, pairsOfEntities } from './evaluate.ts';
import { dedupe, link } from './linkage.ts';
import { fieldSpecs, readRecordFile } from './table-file.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../../../shared/data/linkage/febrl');
const present = fs.existsSync(path.join(DIR, 'dataset1.csv'));

describe('FEBRL accuracy (unsupervised)', () => {
  test('FEBRL 1 dedupe: F1 at least 0.97 at the default threshold', async (t) => {
    if (!present) return t.skip('the shared data set is not present');
    const { table, header } = readRecordFile(path.join(DIR, 'dataset1.csv'), 'rec_id');
    assert.equal(table.ids.length, 1000);
    const r = await dedupe(table, { fields: fieldSpecs(header, 'rec_id'), threads: 1 });
    const acc = accuracyOf(r.pairs, pairsOfEntities(table.ids, febrlEntity));
    assert.equal(acc.truePairs, 500);
    assert.ok(acc.f1 >= 0.97, `F1 ${acc.f1.toFixed(4)} (precision ${acc.precision}, recall ${acc.recall})`);
    assert.ok(acc.precision >= 0.97 && acc.recall >= 0.97);
  });

  test('FEBRL 4a<->4b link with a model trained on FEBRL 1: F1 at least 0.97', async (t) => {
    if (!present) return t.skip('the shared data set is not present');
    const one = readRecordFile(path.join(DIR, 'dataset1.csv'), 'rec_id');
    const { model } = await dedupe(one.table, { fields: fieldSpecs(one.header, 'rec_id'), threads: 1 });
    const a = readRecordFile(path.join(DIR, 'dataset4a.csv'), 'rec_id');
    const b = readRecordFile(path.join(DIR, 'dataset4b.csv'), 'rec_id');
    const r = await link(a.table, b.table, { fields: [], model, threads: 1 });
    const acc = accuracyOf(r.pairs, crossPairs(a.table.ids, b.table.ids, febrlEntity));
    assert.equal(acc.truePairs, 5000);
    assert.ok(acc.f1 >= 0.97, `F1 ${acc.f1.toFixed(4)}`);
  });
});
