// Properties of the import's parsers: tables written by Corridor read back cell for cell (CSV and XLSX, any text
// in any script), HXL tags parse the same whatever their spacing, case and attribute order, and the zip guard
// refuses an archive that inflates beyond what it declares.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatHxlTag, isHashtagRow, matchScore, parseHxlTag } from './hxl.ts';
import { columnLetter, mapColumns } from './import-columns.ts';
import { guardFormula, readTable, unquoteFormula, writeTable } from './tabular.ts';
import { assertSafeZip, UnsafeArchive } from './zip-guard.ts';

// Cells of any script, with the characters CSV must quote and those a spreadsheet would run as a formula.
const cell = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019 éü'.split('')) },
      fc.constantFrom(',', '"', ';', '\n', '\r\n', '=', '+', '-', '@', "'", '#'),
      fc.integer({ min: 0x0621, max: 0x064a }).map((c) => String.fromCodePoint(c)),
    ),
    { maxLength: 20 },
  )
  .map((cs) => cs.join(''))
  // Spreadsheets and CSV readers keep a cell's outer spaces, but Corridor trims them on import: keep them out here.
  .map((s) => s.trim());
const table = fc
  .integer({ min: 1, max: 5 })
  .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }));

const limits = { maxRecords: 100, maxBytes: 1_000_000 };

describe('tables', () => {
  test('CSV written by Corridor reads back cell for cell (after removing the formula guard)', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (rows) => {
        const data = await writeTable('csv', 'x', rows);
        const back = (await readTable('csv', data, limits)).map((r) => r.map(unquoteFormula));
        assert.deepEqual(
          back,
          rows.map((r) => r.map(unquoteFormula)),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('the formula guard leaves negative numbers numbers, and guards formulas and telephone numbers', async () => {
    for (const n of ['-0.12', '-5', '-.5', '-1250.75']) assert.equal(guardFormula(n), n);
    for (const f of ['-1+1', '=SUM(A1)', '+9647500000001', '@cmd', '-0.12e3', '--5', '-'])
      assert.equal(guardFormula(f), `'${f}`);
    const csv = (
      await writeTable('csv', 'x', [
        ['margin', 'phone'],
        ['-0.12', '+9647500000001'],
      ])
    ).toString('utf8');
    assert.match(csv, /\r?\n-0\.12,'\+9647500000001/);
  });

  test('XLSX written by Corridor reads back cell for cell, text stays text', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (rows) => {
        const data = await writeTable('xlsx', 'x', rows);
        const back = await readTable('xlsx', data, limits);
        const trimEnd = (r: string[]) => {
          const out = [...r];
          while (out.length && out[out.length - 1] === '') out.pop();
          return out;
        };
        // Trailing empty cells (and trailing empty rows) are not stored in XLSX.
        const normalise = (g: string[][]) => {
          const out = g.map(trimEnd);
          while (out.length && out[out.length - 1]!.length === 0) out.pop();
          return out;
        };
        // XML keeps a line break as \n (XML 1.0 §2.11 end-of-line handling).
        assert.deepEqual(normalise(back), normalise(rows.map((r) => r.map((c) => c.replace(/\r\n?/g, '\n')))));
      }),
      { numRuns: 25 },
    );
  });

  test('a CSV with semicolons as delimiter (a European spreadsheet export) is read', async () => {
    const rows = await readTable('csv', Buffer.from('\uFEFFname_latin;date_of_birth\r\nA B;1990-01-01\r\n'), limits);
    assert.deepEqual(rows, [
      ['name_latin', 'date_of_birth'],
      ['A B', '1990-01-01'],
    ]);
  });

  test('column letters are those of a spreadsheet', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(columnLetter), ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);

describe('HXL', () => {
  test('a tag parses the same whatever its spacing, case and attribute order', () => {
    fc.assert(
      fc.property(word, fc.uniqueArray(word, { maxLength: 4 }), fc.boolean(), (hashtag, attrs, spaced) => {
        const text = `#${hashtag.toUpperCase()}${[...attrs]
          .reverse()
          .map((a) => `${spaced ? ' + ' : '+'}${a}`)
          .join('')}`;
        const tag = parseHxlTag(text);
        assert.ok(tag);
        assert.equal(tag.hashtag, hashtag);
        assert.deepEqual([...tag.attributes].sort(), [...attrs].sort());
        assert.deepEqual(parseHxlTag(formatHxlTag(tag)), tag);
        // A pattern matches a column that has its attributes and more, scoring by how many it names.
        const pattern = parseHxlTag(
          `#${hashtag}${attrs
            .slice(0, 2)
            .map((a) => `+${a}`)
            .join('')}`,
        )!;
        assert.equal(matchScore(pattern, tag), pattern.attributes.size);
      }),
    );
  });

  test('a hashtag row is recognised; a data row is not', () => {
    assert.ok(isHashtagRow(['#affected+name', '', '#date +birth']));
    assert.ok(!isHashtagRow(['#affected+name', 'Amina']));
    assert.ok(!isHashtagRow(['', ' ']));
    assert.equal(parseHxlTag('#date+'), null);
    assert.equal(parseHxlTag('# date'), null);
  });

  test('the most specific pattern wins: #affected+name+given is the given name, #affected+name the Latin name', () => {
    const map = mapColumns(
      'beneficiaries',
      ['a', 'b', 'c'],
      ['#affected +name +given', '#affected+name', '#adm1+code'],
    );
    assert.equal(map.index.get('given_name'), 0);
    assert.equal(map.index.get('name_latin'), 1);
    assert.equal(map.index.get('adm1'), 2);
    assert.deepEqual(map.label, ['a', 'b', 'c']);
    const twice = mapColumns('beneficiaries', ['name_latin', 'x'], ['', '#affected+name']);
    assert.equal(twice.problems.length, 1);
  });
});

describe('zip guard', () => {
  const firstCentralHeader = (buf: Buffer) => buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));

  test('a workbook passes; one whose part inflates beyond its declared size, or beyond the limit, does not', async () => {
    const good = await writeTable('xlsx', 'x', [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assertSafeZip(good, { maxBytes: 1_000_000, maxEntries: 100 });
    assert.throws(() => assertSafeZip(good, { maxBytes: 100, maxEntries: 100 }), UnsafeArchive);
    assert.throws(() => assertSafeZip(good, { maxBytes: 1_000_000, maxEntries: 2 }), UnsafeArchive);
    // Lie about every part's size: each now inflates to more than it declares (a bomb's trick).
    const lying = Buffer.from(good);
    for (let at = firstCentralHeader(lying); at >= 0; at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4))
      if (lying.readUInt32LE(at + 24) > 1) lying.writeUInt32LE(1, at + 24);
    assert.throws(() => assertSafeZip(lying, { maxBytes: 1_000_000, maxEntries: 100 }), UnsafeArchive);
    assert.throws(() => assertSafeZip(Buffer.from('not a zip at all, just text'), { maxBytes: 1e6, maxEntries: 9 }));
  });
});
