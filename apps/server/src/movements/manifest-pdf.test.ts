// The manifest PDF prints names in the script they are written in: the file is read back with poppler's pdftotext
// (Debian's poppler-utils), which gives text through the embedded font's ToUnicode map, so an Arabic or Cyrillic
// name that came out as "?" or as the wrong glyphs would not be found. Also: the right-to-left runs of a line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasPdftotext, pdfText } from './manifest-pdf.fixtures.ts';
import { type ManifestTable, manifestPdf, visualRuns } from './manifest-pdf.ts';

const noTool = hasPdftotext ? false : 'pdftotext is not installed (Debian: poppler-utils; .ci/run installs it)';
const plain = pdfText;

const table = (names: string[][]): ManifestTable => ({
  columns: [
    { label: '#', width: 24 },
    { label: 'Name (Latin)', width: 200 },
    { label: 'Name (original script)', width: 200 },
    { label: 'Nationality', width: 60 },
  ],
  rows: names.map(([latin, original], i) => [String(i + 1), latin!, original ?? '', 'SYR']),
});

describe('manifest PDF', () => {
  test('Arabic, Cyrillic and accented Latin names come back from the PDF as written', { skip: noTool }, async () => {
    const pdf = await manifestPdf(
      { title: 'Passenger manifest EVAC-TEST', lines: ['Leg 1: Erbil -> Amman'] },
      table([
        ['Mohammed Al-Ali', 'محمد العلي'],
        ['Ivan Petrov', 'Иван Петров'],
        ['Zoë Ñandú', ''],
        ['Ahmed (أحمد)', ''],
      ]),
    );
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = plain(pdf);
    for (const name of ['محمد العلي', 'Иван Петров', 'Zoë Ñandú', 'Mohammed Al-Ali', 'Passenger manifest EVAC-TEST'])
      assert.ok(text.includes(name), `the PDF shows ${name}`);
    assert.ok(!text.includes('?'), 'no character was replaced by a question mark');
  });

  test('300 passengers make a multi-page PDF with every name on it', { skip: noTool }, async () => {
    const names = Array.from({ length: 300 }, (_, i) => [`Passenger ${i + 1}`, `مسافر ${i + 1}`]);
    const pdf = await manifestPdf({ title: 'Manifest', lines: [] }, table(names));
    const text = plain(pdf);
    assert.ok(text.includes('Passenger 300'));
    assert.match(text, /\d+ \/ \d+/);
    const pages = Number(/(\d+) \/ (\d+)/.exec(text)![2]);
    assert.ok(pages >= 9, `${pages} pages`);
  });

  test('a cell too wide for its column is cut with an ellipsis', { skip: noTool }, async () => {
    const long = 'Abcdefghij '.repeat(10).trim();
    const pdf = await manifestPdf({ title: 'Manifest', lines: [] }, table([[long, '']]));
    const text = plain(pdf);
    assert.ok(!text.includes(long));
    assert.ok(text.includes('…'));
  });
});

describe('visual runs of a line', () => {
  test('a left-to-right line keeps its order; an Arabic run inside is one right-to-left run', () => {
    assert.deepEqual(visualRuns('Ahmed (أحمد)'), [
      { text: 'Ahmed (', rtl: false },
      { text: 'أحمد', rtl: true },
      { text: ')', rtl: false },
    ]);
    assert.deepEqual(visualRuns('Иван Петров'), [{ text: 'Иван Петров', rtl: false }]);
  });

  test('a right-to-left line is drawn from its end, with brackets mirrored', () => {
    assert.deepEqual(visualRuns('محمد العلي'), [{ text: 'محمد العلي', rtl: true }]);
    assert.deepEqual(visualRuns('محمد (Ahmed)'), [
      { text: '(', rtl: true },
      { text: 'Ahmed', rtl: false },
      { text: 'محمد )', rtl: true },
    ]);
    assert.deepEqual(visualRuns('محمد 2'), [
      { text: '2', rtl: false },
      { text: 'محمد ', rtl: true },
    ]);
  });

  test('no strong character: one left-to-right run', () => {
    assert.deepEqual(visualRuns('-- / --'), [{ text: '-- / --', rtl: false }]);
    assert.deepEqual(visualRuns(''), []);
  });
});
