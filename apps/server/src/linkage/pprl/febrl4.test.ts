// PPRL accuracy on FEBRL 4 (5,000 records in 4a, a corrupted copy of each in 4b), with the FEBRL linkage schema v3
// from ../shared/data/linkage: precision at least 0.999 and recall at least 0.99 at the chosen Dice threshold, for
// plain CLKs and for the balanced encodings linkage projects use. Skipped when the shared data is not beside the
// checkout. Not timed: the benchmark (bench/linkage-pprl) measures speed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readClkFile } from './clk-file.ts';
import { packFilters } from './dice.ts';
import { encodeCsv } from './encode-csv.ts';
import { accuracy, febrlEntity } from './evaluation.ts';
import { greedyOneToOne, matchAllPairs } from './matcher.ts';
import { PROJECT_HARDENING } from './project-defaults.ts';
import { parseLinkageSchema } from './schema.ts';

const dir = path.resolve(import.meta.dirname, '../../../../../../shared/data/linkage');

for (const c of [
  { name: 'plain CLKs at Dice >= 0.8', patch: {}, threshold: 0.8 },
  { name: 'balanced encodings (linkage projects)', patch: { balanced: true }, threshold: PROJECT_HARDENING.threshold },
]) {
  test(`FEBRL 4a <-> 4b, ${c.name}: precision >= 0.999, recall >= 0.99`, async (t) => {
    if (!fs.existsSync(path.join(dir, 'febrl/dataset4a.csv'))) return t.skip('the shared data set is not present');
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'febrl_schema_v3_final.json'), 'utf8'));
    const schema = parseLinkageSchema({ ...raw, clkConfig: { ...raw.clkConfig, ...c.patch } });
    const secret = randomBytes(32);
    const fa = encodeCsv(schema, secret, fs.readFileSync(path.join(dir, 'febrl/dataset4a.csv'), 'utf8'));
    const fb = encodeCsv(schema, secret, fs.readFileSync(path.join(dir, 'febrl/dataset4b.csv'), 'utf8'));
    assert.equal(fa.ids.length, 5000);
    assert.equal(fb.ids.length, 5000);
    const A = packFilters(readClkFile(fa).filters, fa.bits);
    const B = packFilters(readClkFile(fb).filters, fb.bits);
    const links = greedyOneToOne(await matchAllPairs(A, B, c.threshold));
    const a = accuracy(
      links.map((l) => [fa.ids[l.left]!, fb.ids[l.right]!] as const),
      (x, y) => febrlEntity(x) === febrlEntity(y),
      5000,
    );
    assert.ok(a.precision >= 0.999, `precision ${a.precision}`);
    assert.ok(a.recall >= 0.99, `recall ${a.recall}`);
  });
}
