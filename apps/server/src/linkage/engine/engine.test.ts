// The linkage engine's parts: similarity measures, normalisation across scripts, comparison levels, blocking,
// Fellegi-Sunter weights and explanations, EM on synthetic pairs, models as JSON.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { candidatePairs } from './blocking.ts';
import { encodeFields } from './encode.ts';
import { explain, NULL_LEVEL } from './fellegi-sunter.ts';
import { compareValues, type FieldKind, LEVELS, normalise, parseDate } from './fields.ts';
import { dedupe, link } from './linkage.ts';
import { parseModel, serialiseModel } from './model.ts';
import { equivalentNames } from './name-equivalence.ts';
import { editDistance, jaroWinkler, levenshtein } from './similarity.ts';

const level = (kind: FieldKind, a: string, b: string) => {
  const x = normalise(kind, a);
  const y = normalise(kind, b);
  assert.ok(x && y, `${a} / ${b} normalise`);
  return LEVELS[kind][compareValues(kind, x, y)];
};

describe('similarity', () => {
  test('Jaro-Winkler gives the published values', () => {
    // Winkler (1990) / the usual reference pairs.
    assert.equal(jaroWinkler('martha', 'marhta').toFixed(4), '0.9611');
    assert.equal(jaroWinkler('dwayne', 'duane').toFixed(4), '0.8400');
    assert.equal(jaroWinkler('dixon', 'dicksonx').toFixed(4), '0.8133');
    assert.equal(jaroWinkler('abc', 'abc'), 1);
    assert.equal(jaroWinkler('abc', 'xyz'), 0);
    assert.equal(jaroWinkler('', 'abc'), 0);
  });
  test('edit distances count edits, the bounded one stops early', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ahmed', 'ahemd'), 1, 'a swap of neighbours is one edit');
    assert.equal(levenshtein('ahmed', 'ahemd'), 2);
    assert.ok(editDistance('abcdefgh', 'zyxwvuts', 1) > 1);
  });
  test('properties: symmetric, bounded, zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const jw = jaroWinkler(a, b);
        assert.ok(jw >= 0 && jw <= 1);
        assert.ok(Math.abs(jw - jaroWinkler(b, a)) < 1e-12);
        const d = levenshtein(a, b);
        assert.equal(d, levenshtein(b, a));
        assert.equal(d === 0, a === b);
        assert.ok(d <= Math.max(a.length, b.length));
        assert.ok(editDistance(a, b) <= d);
        assert.equal(editDistance(a, b, 1) <= 1, editDistance(a, b) <= 1);
      }),
    );
  });
});

describe('normalisation and comparison levels', () => {
  test('case, diacritics, Arabic and Cyrillic script meet their Latin spellings', () => {
    assert.equal(normalise('name', '  JOSÉ  Müller ')?.text, 'jose muller');
    assert.equal(level('name', 'محمد', 'Mohamed'), 'variant');
    assert.equal(level('name', 'Мухаммед', 'Muhammad'), 'variant');
    assert.equal(level('name', 'Hussein', 'Husain'), 'variant');
    assert.equal(level('name', 'Robert', 'Bob'), 'variant', 'nickname');
    assert.equal(level('name', 'Bob', 'Rob'), 'variant', 'two nicknames of one name');
    assert.equal(level('name', 'Ali Hassan', 'Hassan Ali'), 'exact', 'order of the names');
    assert.equal(level('name', 'Harrington', 'Harringtom'), 'jw>=0.92');
    assert.equal(level('name', 'Smith', 'Jones'), 'else');
    assert.ok(equivalentNames('mohamed', 'muhammad'));
    assert.ok(!equivalentNames('robert', 'fatima'));
  });
  test('dates: formats, swapped day and month, one digit, partial dates, year only', () => {
    assert.deepEqual(parseDate('19850312'), parseDate('1985-03-12'));
    assert.deepEqual(parseDate('12/03/1985'), parseDate('1985-03-12'));
    assert.equal(parseDate('not a date'), null);
    assert.equal(parseDate('1985')?.m, 0);
    assert.equal(level('date', '1985-03-12', '1985-03-12'), 'exact');
    assert.equal(level('date', '1985-03-12', '1985-12-03'), 'day-month-swapped');
    assert.equal(level('date', '1985-03-12', '1985-03-13'), 'one-digit');
    assert.equal(level('date', '1985', '1985-03-12'), 'partial');
    assert.equal(level('date', '1985-03', '1985-03-30'), 'partial');
    assert.equal(level('date', '1985-01-20', '1985-07-02'), 'same-year');
    assert.equal(level('date', '1985-03-12', '1990-07-02'), 'else');
  });
  test('document numbers ignore spaces, punctuation and O/0, and tolerate one typo', () => {
    assert.equal(level('document', 'P-1234 567', 'p1234567'), 'exact');
    assert.equal(level('document', 'PO12345', 'P012345'), 'exact');
    assert.equal(level('document', 'P1234567', 'P1234576'), 'one-edit');
    assert.equal(level('document', 'P1234567', 'X9999999'), 'else');
    assert.equal(normalise('document', ' - '), null);
  });
});

describe('blocking', () => {
  const table = {
    ids: ['a', 'b', 'c', 'd'],
    columns: {
      name: ['Mohamed Ali', 'Muhammad Ali', 'Fatima Idris', 'Mohamed Ali'],
      dob: ['1990-01-02', '1990-02-01', '1990-01-02', '1971-05-05'],
    },
  };
  const fields = encodeFields(
    [table],
    [
      { field: 'name', kind: 'name' },
      { field: 'dob', kind: 'date' },
    ],
  );
  test('the union of the rules, each pair once', () => {
    const c = candidatePairs([['name:phonetic'], ['dob:exact'], ['name:phonetic', 'dob:unordered']], fields, 4);
    const pairs = Array.from({ length: c.length }, (_, i) => `${c.a[i]}${c.b[i]}`).sort();
    // name MHMT AL: a, b, d; dob 1990-01-02: a, c; swapped a/b already found by the first rule.
    assert.deepEqual(pairs, ['01', '02', '03', '13']);
    assert.deepEqual(c.perRule, [3, 1, 0]);
  });
  test('oversized blocks are skipped and counted', () => {
    const c = candidatePairs([['name:phonetic']], fields, 4, { maxBlock: 2 });
    assert.equal(c.length, 0);
    assert.equal(c.skippedBlocks, 1);
  });
  test('a link pairs only records of different sides', () => {
    const c = candidatePairs([['name:phonetic']], fields, 4, { leftSize: 2 });
    const pairs = Array.from({ length: c.length }, (_, i) => `${c.a[i]}${c.b[i]}`).sort();
    assert.deepEqual(pairs, ['03', '13']);
  });
  test('a bad rule is refused with its name', () => {
    assert.throws(() => candidatePairs([['nope:exact']], fields, 4), /no compared field "nope"/);
    assert.throws(() => candidatePairs([['name:year']], fields, 4), /needs a date field/);
  });
});

/** People with duplicates: the second copy has typos; a deterministic generator. */
function synthetic(n: number) {
  let s = 7;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const syll = ['ka', 'lo', 'mi', 'ra', 'su', 'te', 'no', 'bi', 'da', 'ze', 'fu', 'go'];
  const word = () => Array.from({ length: 3 }, () => syll[Math.floor(rand() * syll.length)]).join('');
  const ids: string[] = [];
  const given: string[] = [];
  const family: string[] = [];
  const dob: string[] = [];
  const doc: (string | null)[] = [];
  const entity: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = word();
    const f = word();
    const d = `${1950 + Math.floor(rand() * 50)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    const p = `P${Math.floor(rand() * 1e7)}`;
    ids.push(`r${i}`);
    given.push(g);
    family.push(f);
    dob.push(d);
    doc.push(p);
    entity.push(i);
    if (i % 3 === 0) {
      ids.push(`r${i}d`);
      given.push(rand() < 0.5 ? `${g.slice(0, 3)}x${g.slice(4)}` : g);
      family.push(f);
      dob.push(rand() < 0.3 ? d.slice(0, 4) : d);
      doc.push(rand() < 0.5 ? null : p);
      entity.push(i);
    }
  }
  return { table: { ids, columns: { given, family, dob, doc } }, entity };
}

const SPEC = [
  { field: 'given', kind: 'name' as const, tf: true },
  { field: 'family', kind: 'name' as const, tf: true },
  { field: 'dob', kind: 'date' as const },
  { field: 'doc', kind: 'document' as const },
];

describe('Fellegi-Sunter, trained without labels', () => {
  test('finds the duplicates of a synthetic set, and the model round-trips as JSON', async () => {
    const { table, entity } = synthetic(600);
    const r = await dedupe(table, { fields: SPEC, threads: 1 });
    const index = new Map(table.ids.map((id, i) => [id, i]));
    const truth = entity.length - new Set(entity).size;
    const tp = r.pairs.filter((p) => entity[index.get(p.left)!] === entity[index.get(p.right)!]).length;
    assert.ok(tp / r.pairs.length > 0.97, `precision ${tp}/${r.pairs.length}`);
    assert.ok(tp / truth > 0.9, `recall ${tp}/${truth}`);
    // m > u for exact agreement, m < u for disagreement, on every field.
    for (const f of r.model.fields) {
      assert.ok(f.levels[0]!.m > f.levels[0]!.u, `${f.field} exact`);
      const last = f.levels.at(-1)!;
      assert.ok(last.m < last.u, `${f.field} else`);
    }
    const again = parseModel(JSON.parse(serialiseModel(r.model)));
    assert.deepEqual(again, r.model);
    // A saved model scores new data the same way without training.
    const reused = await dedupe(table, { fields: [], model: again, threads: 1 });
    assert.deepEqual(
      reused.pairs.map((p) => [p.left, p.right]),
      r.pairs.map((p) => [p.left, p.right]),
    );
  });

  test('a link between two tables finds the pairs across them only', async () => {
    const { table } = synthetic(300);
    const left = {
      ids: [] as string[],
      columns: { given: [], family: [], dob: [], doc: [] } as Record<string, (string | null)[]>,
    };
    const right = {
      ids: [] as string[],
      columns: { given: [], family: [], dob: [], doc: [] } as Record<string, (string | null)[]>,
    };
    table.ids.forEach((id, i) => {
      const side = id.endsWith('d') ? right : left;
      side.ids.push(id);
      for (const k of Object.keys(side.columns))
        side.columns[k]!.push((table.columns as Record<string, (string | null)[]>)[k]![i]!);
    });
    const r = await link(left, right, { fields: SPEC, threads: 1 });
    assert.ok(r.pairs.length > 80);
    for (const p of r.pairs) assert.equal(`${p.left}d`, p.right);
  });

  test('an explanation lists every field with its level and weight, and adds up', async () => {
    const { table } = synthetic(300);
    const { model } = await dedupe(table, { fields: SPEC, threads: 1 });
    const e = explain(model, [0, 2, NULL_LEVEL, 0], [0.001, 0, 0, 0.001]);
    assert.deepEqual(
      e.fields.map((f) => [f.field, f.level]),
      [
        ['given', 'exact'],
        ['family', 'jw>=0.92'],
        ['dob', 'missing'],
        ['doc', 'exact'],
      ],
    );
    assert.equal(e.fields[2]!.weight, 0);
    assert.ok(e.fields[0]!.tfAdjustment !== 0, 'term frequency adjusts the given name');
    assert.equal(e.fields[3]!.tfAdjustment, 0, 'not for a field without tf');
    const sum = e.priorWeight + e.fields.reduce((a, f) => a + f.weight, 0);
    assert.ok(Math.abs(sum - e.weight) < 1e-9);
    assert.ok(Math.abs(e.probability - 1 / (1 + 2 ** -e.weight)) < 1e-12);
    // A rare name counts more than a common one.
    const rare = explain(model, [0, 0, 0, 0], [0.0001, 0.0001, 0, 0]);
    const common = explain(model, [0, 0, 0, 0], [0.2, 0.2, 0, 0]);
    assert.ok(rare.weight > common.weight);
  });

  test('a model with wrong levels or probabilities is refused, listing the problems', () => {
    assert.throws(
      () =>
        parseModel({
          format: 'corridor-linkage-model',
          version: 1,
          fields: [
            {
              field: 'x',
              kind: 'exact',
              tf: false,
              uRandomExact: 0.1,
              levels: [
                { label: 'exact', m: 1.5, u: 0.1 },
                { label: 'nope', m: 0.1, u: 0.9 },
              ],
            },
          ],
          prior: 0.01,
          blocking: [['x:exact']],
          threshold: 0.9,
        }),
      (err: Error) => /levels must be exact, else/.test(err.message) && /m/.test(err.message),
    );
  });
});

describe('properties of the comparisons', () => {
  const nameLike = fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{1,16}$/);
  test('every kind compares symmetrically, and a value agrees exactly with itself', () => {
    fc.assert(
      fc.property(nameLike, nameLike, (a, b) => {
        for (const kind of ['name', 'text', 'document', 'exact'] as const) {
          const x = normalise(kind, a);
          const y = normalise(kind, b);
          if (!x || !y) continue;
          assert.equal(compareValues(kind, x, y), compareValues(kind, y, x), `${kind}: ${a} / ${b}`);
          assert.equal(compareValues(kind, x, x), 0);
        }
      }),
    );
  });
  test('dates: any valid date and its swapped form are recognised, symmetric', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2025 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const p = (n: number) => String(n).padStart(2, '0');
          const a = normalise('date', `${y}-${p(m)}-${p(d)}`)!;
          const b = normalise('date', `${p(m)}/${p(d)}/${y}`)!;
          assert.equal(compareValues('date', a, b), compareValues('date', b, a));
          const expected = m === d ? 'exact' : d <= 12 ? 'day-month-swapped' : null;
          if (expected) assert.equal(LEVELS.date[compareValues('date', a, b)], expected);
          assert.equal(LEVELS.date[compareValues('date', a, normalise('date', String(y))!)], 'partial');
        },
      ),
    );
  });
});
