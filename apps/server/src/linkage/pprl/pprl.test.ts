import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createEncoder } from './clk.ts';
import { ClkFileError, readClkFile, toClkFile } from './clk-file.ts';
import { dice, matchWithByteTable, matchWithSwar, matchWithWasm, type PackedFilters, packFilters } from './dice.ts';
import { CsvEncodingError, encodeCsv } from './encode-csv.ts';
import { greedyOneToOne, matchAllPairs } from './matcher.ts';
import { LinkageSchemaError, parseLinkageSchema } from './schema.ts';
import { canonicalDate, qgrams } from './tokens.ts';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const schemaOf = (clkConfig: Record<string, unknown> = {}) =>
  parseLinkageSchema({
    version: 3,
    clkConfig: { l: 1024, kdf: { type: 'HKDF', salt: 'c2FsdA==', keySize: 32 }, ...clkConfig },
    features: [
      { identifier: 'id', ignored: true },
      {
        identifier: 'name',
        format: { type: 'string', case: 'lower', maxLength: 40 },
        hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 300 } },
      },
      {
        identifier: 'dob',
        format: { type: 'date', format: '%Y-%m-%d' },
        hashing: {
          comparison: { type: 'ngram', n: 1, positional: true },
          strategy: { bitsPerToken: 20 },
          missingValue: { sentinel: '' },
        },
      },
    ],
  });

describe('linkage schema v3', () => {
  test('the published FEBRL and example schemas are read', () => {
    const dir = path.resolve(import.meta.dirname, '../../../../../../shared/data/linkage');
    for (const f of ['febrl_schema_v3_final.json', 'good-schema-v3.json']) {
      const file = path.join(dir, f);
      if (!fs.existsSync(file)) continue;
      const s = parseLinkageSchema(fs.readFileSync(file, 'utf8'));
      assert.equal(s.clkConfig.l, 1024);
    }
  });

  test('every problem is reported with where it is', () => {
    const bad = {
      version: 2,
      clkConfig: { l: 10, kdf: { type: 'HKDF' } },
      features: [
        {
          identifier: 'a',
          format: { type: 'integer' },
          hashing: { comparison: { type: 'ngram', n: 0 }, strategy: {} },
        },
        { identifier: 'a', ignored: true },
      ],
    };
    assert.throws(
      () => parseLinkageSchema(bad),
      (err: unknown) => {
        const pointers = (err as LinkageSchemaError).issues.map((i) => i.pointer);
        return (
          err instanceof LinkageSchemaError &&
          pointers.includes('/version') &&
          pointers.includes('/clkConfig/l') &&
          pointers.some((p) => p.startsWith('/features/0'))
        );
      },
    );
    assert.throws(() => parseLinkageSchema('{not json'), /not valid JSON/);
  });
});

describe('tokens', () => {
  test('q-grams are padded; positional q-grams carry their place', () => {
    assert.deepEqual(qgrams('ann', 2, false), [' a', 'an', 'nn', 'n ']);
    assert.deepEqual(qgrams('', 2, false), []);
    assert.equal(qgrams('19', 1, true).length, 2);
    assert.notDeepEqual(qgrams('12', 1, true), qgrams('21', 1, true));
  });
  test('dates are read in the schema format and must exist', () => {
    assert.equal(canonicalDate('%d/%m/%Y', '3/7/1990'), '19900703');
    assert.throws(() => canonicalDate('%Y-%m-%d', '1990-02-30'), /not a real date/);
    assert.throws(() => canonicalDate('%Y-%m-%d', '30.01.1990'), /not a date/);
  });
});

describe('CLK encoding', () => {
  test('deterministic for one secret, different with another secret', () => {
    const s = schemaOf();
    const a = createEncoder(s, SECRET).encode({ name: 'Amina', dob: '1990-01-02' });
    const b = createEncoder(s, SECRET).encode({ name: 'amina', dob: '1990-01-02' });
    const c = createEncoder(s, Buffer.from('another secret of 32 bytes......')).encode({
      name: 'Amina',
      dob: '1990-01-02',
    });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.throws(() => createEncoder(s, Buffer.from('short')), /at least 16 bytes/);
  });

  test('similar values give similar encodings, different values do not', () => {
    const enc = createEncoder(schemaOf(), SECRET);
    const p = packFilters(
      [
        enc.encode({ name: 'mohammed hassan', dob: '1990-01-02' }),
        enc.encode({ name: 'mohamed hasan', dob: '1990-01-02' }),
        enc.encode({ name: 'grace okello', dob: '1975-11-30' }),
      ],
      1024,
    );
    const c = matchWithByteTable(p, p, 0.01);
    const score = (i: number, j: number) => {
      const k = Array.from(c.left).findIndex((l, x) => l === i && c.right[x] === j);
      return k < 0 ? 0 : c.score[k]!;
    };
    assert.ok(score(0, 1) > 0.8, `variant spelling ${score(0, 1)}`);
    assert.ok(score(0, 2) < 0.6, `different person ${score(0, 2)}`);
    assert.equal(score(0, 0), 1);
  });

  test('balanced encodings have exactly half their bits set; folded ones are half as long', () => {
    const bal = createEncoder(schemaOf({ balanced: true }), SECRET);
    assert.equal(bal.bits, 2048);
    const e = bal.encode({ name: 'fatima', dob: '' });
    assert.equal(packFilters([e], 2048).popcounts[0], 1024);
    const folded = createEncoder(schemaOf({ xorFolds: 1 }), SECRET);
    assert.equal(folded.encode({ name: 'fatima' }).length, 128);
  });

  test('values that break the format are reported per field', () => {
    const enc = createEncoder(schemaOf(), SECRET);
    assert.throws(
      () => enc.encode({ name: 'x'.repeat(41), dob: '1990-13-01' }),
      /name is longer than 40.*dob is not a real date/,
    );
  });
});

describe('CSV encoding and the encodings file', () => {
  test('FEBRL-style padded CSV is read as is, by column name', () => {
    const csv = 'id, name, dob\nr1, amina , 1990-01-02\nr2, grace,\n';
    const f = encodeCsv(schemaOf(), SECRET, csv);
    assert.deepEqual(f.ids, ['r1', 'r2']);
    const back = readClkFile(JSON.stringify(f));
    assert.equal(back.filters.length, 2);
    assert.equal(back.filters[0]!.length, 128);
  });
  test('every bad row is reported with its line; duplicates and missing columns too', () => {
    assert.throws(
      () => encodeCsv(schemaOf(), SECRET, 'id,name,dob\nr1,amina,1990-01-02\nr1,x,nope\n'),
      (e: unknown) =>
        e instanceof CsvEncodingError &&
        e.problems.some((p) => p.startsWith('line 3: the record id is used twice')) &&
        e.problems.some((p) => p.startsWith('line 3: field dob')),
    );
    assert.throws(() => encodeCsv(schemaOf(), SECRET, 'id,given\nr1,a\n'), /lacks the schema's columns name, dob/);
  });
  test('an encodings file of the wrong shape is refused with its problems', () => {
    const f = toClkFile(schemaOf(), 1024, ['a'], [new Uint8Array(128)]);
    assert.throws(() => readClkFile({ ...f, clks: ['AAAA'] }), ClkFileError);
    assert.throws(() => readClkFile({ ...f, ids: ['a', 'b'] }), /same length/);
  });
});

describe('Dice matching', () => {
  const simdKernel = (a: PackedFilters, b: PackedFilters, t: number) => matchWithWasm(a, b, t, 'simd');
  const filters = fc.array(fc.uint8Array({ minLength: 24, maxLength: 24 }), { minLength: 1, maxLength: 12 });
  test('the WebAssembly (i64 and SIMD), SWAR and byte-table kernels agree with the definition', () => {
    fc.assert(
      fc.property(filters, filters, fc.double({ min: 0.05, max: 1, noNaN: true }), (x, y, t) => {
        const a = packFilters(x, 192);
        const b = packFilters(y, 192);
        const want: string[] = [];
        for (const [i, fa] of x.entries())
          for (const [j, fb] of y.entries()) {
            let c = 0;
            for (let k = 0; k < fa.length; k++) for (let v = fa[k]! & fb[k]!; v; v &= v - 1) c++;
            if (c > 0 && 2 * c >= t * (a.popcounts[i]! + b.popcounts[j]!)) want.push(`${i},${j},${c}`);
          }
        for (const m of [matchWithWasm, simdKernel, matchWithSwar, matchWithByteTable]) {
          const got = m(a, b, t);
          assert.deepEqual(
            Array.from(got.left, (l, k) => `${l},${got.right[k]},${got.common[k]}`),
            want,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  test('worker threads find the same pairs as one thread', async () => {
    const enc = createEncoder(schemaOf(), SECRET);
    const names = Array.from({ length: 1600 }, (_, i) => ({
      name: `person ${i} ${String.fromCharCode(97 + (i % 26))}`,
      dob: '',
    }));
    const p = packFilters(
      names.map((n) => enc.encode(n)),
      1024,
    );
    const one = await matchAllPairs(p, p, 0.9, { threads: 0 });
    const two = await matchAllPairs(p, p, 0.9, { threads: 2, tileBytes: 4096 });
    const key = (c: typeof one) => Array.from(c.left, (l, k) => `${l},${c.right[k]}`).sort();
    assert.deepEqual(key(two), key(one));
    assert.ok(one.left.length >= 1600);
  });

  test('the greedy solver links each record at most once, best score first', () => {
    const c = {
      left: Int32Array.from([0, 0, 1, 1]),
      right: Int32Array.from([0, 1, 0, 1]),
      common: Int32Array.from([0, 0, 0, 0]),
      score: Float64Array.from([0.9, 0.95, 0.85, 0.7]),
    };
    assert.deepEqual(greedyOneToOne(c), [
      { left: 0, right: 1, score: 0.95 },
      { left: 1, right: 0, score: 0.85 },
    ]);
    assert.equal(dice(0, 0, 0), 0);
  });
});
