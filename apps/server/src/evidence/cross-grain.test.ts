// Disclosure control across grains: a month table, a quarter table and a year table of one sum over time, each
// published on its own (three requests), must not let anyone difference them into a withheld value. Checked by the
// attacker of disclosure.ts (the linear-algebra audit) over the three tables together with every constraint that
// ties them: each line of a table sums to its margin, each quarter is the sum of its months, the year the sum of its
// quarters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Dimension } from './dimensions.ts';
import { type DcConstraint, type DcProblem, derivableCells } from './disclosure.ts';
import {
  type ExactCell,
  type ExactResult,
  type IndicatorQuery,
  incrementalIndicator,
  monthCompanion,
  type PublishedResult,
  publishExact,
} from './query.ts';

const YEAR = 2025;
const SEXES = ['female', 'male'] as const;
const TYPES = ['protection', 'trafficking', 'gbv'] as const;
const MONTHS = Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);
const QUARTERS = [1, 2, 3, 4].map((n) => `${YEAR}-Q${n}`);
const quarterOf = (m: string) => `${YEAR}-Q${Math.ceil(Number(m.slice(5)) / 3)}`;

/** Counts of cases opened per month, sex and case type. */
type Data = Map<string, number>;
const at = (data: Data, month: string, sex: string, type: string) => data.get(`${month}|${sex}|${type}`) ?? 0;

/** The exact table of `by` over `periods` (each a set of months), with every margin, as the query module gives it. */
function exactTable(data: Data, q: IndicatorQuery, periods: readonly [string, readonly string[]][]): ExactResult {
  const def = incrementalIndicator(q.indicatorId);
  const cells: ExactCell[] = [];
  const sexesOf = (v: string) => (v === '*' ? SEXES : [v]);
  const typesOf = (v: string) => (v === '*' ? TYPES : [v]);
  for (const [period, months] of periods) {
    const sexValues = q.by.includes('sex') ? [...SEXES, '*'] : ['*'];
    const typeValues = q.by.includes('case_type') ? [...TYPES, '*'] : ['*'];
    for (const sex of sexValues)
      for (const type of typeValues) {
        let value = 0;
        for (const m of months) for (const s of sexesOf(sex)) for (const t of typesOf(type)) value += at(data, m, s, t);
        const values: Partial<Record<Dimension, string>> = {};
        if (q.by.includes('sex')) values.sex = sex;
        if (q.by.includes('case_type')) values.case_type = type;
        cells.push({ period, values, value, excluded: 0 });
      }
  }
  return { indicator: def, query: q, periods: periods.map(([p]) => p), cells, excluded: 0, asOf: null, digest: '' };
}

const by: Dimension[] = ['sex', 'case_type'];
const monthQ: IndicatorQuery = { indicatorId: 'cases_opened', grain: 'month', from: MONTHS[0]!, to: MONTHS[11]!, by };
const quarterQ: IndicatorQuery = { ...monthQ, grain: 'quarter', from: QUARTERS[0]!, to: QUARTERS[3]! };
const yearQ: IndicatorQuery = { ...monthQ, grain: 'year', from: String(YEAR), to: String(YEAR) };

const monthTable = (d: Data) =>
  exactTable(
    d,
    monthQ,
    MONTHS.map((m) => [m, [m]]),
  );
const quarterTable = (d: Data) =>
  exactTable(
    d,
    quarterQ,
    QUARTERS.map((q) => [q, MONTHS.filter((m) => quarterOf(m) === q)]),
  );
const yearTable = (d: Data) => exactTable(d, yearQ, [[String(YEAR), MONTHS]]);

/** The three tables, each published as a request of its own (a year or quarter table with its month companion). */
function publishApart(d: Data, companions: boolean): PublishedResult[] {
  const months = monthTable(d);
  return [
    publishExact([months])[0]!,
    publishExact([quarterTable(d)], {}, companions ? [months] : [])[0]!,
    publishExact([yearTable(d)], {}, companions ? [months] : [])[0]!,
  ];
}

/**
 * The attacker's view of the three published tables: the cells withheld anywhere, and every constraint that ties
 * the cells of all three (a cell is named by its period and values, so the same cell in two tables is one unknown).
 */
function attack(published: readonly PublishedResult[]): { problem: DcProblem; withheld: Set<string> } {
  const key = (period: string, sex: string, type: string) => `${period}|${sex}|${type}`;
  const cells: DcProblem['cells'] = [];
  const withheld = new Set<string>();
  for (const r of published)
    for (const c of r.cells) {
      const k = key(c.period, c.values.sex ?? '*', c.values.case_type ?? '*');
      cells.push({ key: k, value: c.value ?? 0, threshold: 5 });
      if (c.value === null) withheld.add(k);
    }
  const constraints: DcConstraint[] = [];
  for (const period of [...MONTHS, ...QUARTERS, String(YEAR)]) {
    for (const sex of [...SEXES, '*'])
      constraints.push({ total: key(period, sex, '*'), parts: TYPES.map((t) => key(period, sex, t)) });
    for (const type of [...TYPES, '*'])
      constraints.push({ total: key(period, '*', type), parts: SEXES.map((s) => key(period, s, type)) });
  }
  for (const sex of [...SEXES, '*'])
    for (const type of [...TYPES, '*']) {
      for (const q of QUARTERS)
        constraints.push({
          total: key(q, sex, type),
          parts: MONTHS.filter((m) => quarterOf(m) === q).map((m) => key(m, sex, type)),
        });
      constraints.push({ total: key(String(YEAR), sex, type), parts: QUARTERS.map((q) => key(q, sex, type)) });
    }
  return { problem: { cells, constraints }, withheld };
}

/** A year of data: mostly larger counts, with September's women in trafficking cases few (3). */
function septemberCase(): Data {
  const d: Data = new Map();
  MONTHS.forEach((m, i) => {
    for (const s of SEXES) for (const t of TYPES) d.set(`${m}|${s}|${t}`, 11 + ((i * 7 + s.length + t.length) % 9));
  });
  d.set(`${YEAR}-09|female|trafficking`, 3);
  return d;
}

describe('disclosure control across grains', () => {
  test('the month companion of a year or quarter table of a sum over time covers whole years; none for people or months', () => {
    assert.deepEqual(monthCompanion(quarterQ), { ...quarterQ, grain: 'month', from: `${YEAR}-01`, to: `${YEAR}-12` });
    assert.deepEqual(monthCompanion({ ...quarterQ, from: `${YEAR}-Q2`, to: `${YEAR}-Q3` }), {
      ...quarterQ,
      grain: 'month',
      from: `${YEAR}-01`,
      to: `${YEAR}-12`,
    });
    assert.equal(monthCompanion(monthQ), undefined);
    assert.equal(monthCompanion({ ...yearQ, indicatorId: 'beneficiaries_assisted', by: ['sex'] }), undefined);
  });

  test('published apart, each on its own, a month and a quarter table once gave September away; no longer', () => {
    const d = septemberCase();
    // Without the companions (each table protected on its own, as before): the attacker derives a withheld cell.
    const before = attack(publishApart(d, false));
    assert.ok(before.withheld.has(`${YEAR}-09|female|trafficking`));
    assert.ok(derivableCells(before.problem, before.withheld).length > 0, 'the old way should leak');
    // With them: the third quarter's and the year's cells of September's withheld ones are withheld too, nothing
    // is derivable from the three tables together.
    const [months, quarters, year] = publishApart(d, true);
    const q3 = quarters!.cells.find(
      (c) => c.period === `${YEAR}-Q3` && c.values.sex === 'female' && c.values.case_type === 'trafficking',
    )!;
    assert.deepEqual([q3.value, q3.status], [null, 'complementary']);
    const withheldQ3 = quarters!.cells.filter((c) => c.period === `${YEAR}-Q3` && c.value === null);
    const withheldSep = months!.cells.filter((c) => c.period === `${YEAR}-09` && c.value === null);
    assert.deepEqual(
      withheldQ3.map((c) => c.values),
      withheldSep.map((c) => c.values),
    );
    assert.ok(year!.cells.some((c) => c.value === null));
    // Quarters without a withheld month are published whole, with their exact sums.
    const q1 = quarters!.cells.filter((c) => c.period === `${YEAR}-Q1`);
    assert.ok(q1.every((c) => c.status === 'published'));
    const q1FemaleGbv = q1.find((c) => c.values.sex === 'female' && c.values.case_type === 'gbv')!;
    assert.equal(
      q1FemaleGbv.value,
      at(d, `${YEAR}-01`, 'female', 'gbv') +
        at(d, `${YEAR}-02`, 'female', 'gbv') +
        at(d, `${YEAR}-03`, 'female', 'gbv'),
    );
    const after = attack([months!, quarters!, year!]);
    assert.deepEqual(derivableCells(after.problem, after.withheld), []);
  });

  test('a few trafficking cases every month: the months are withheld, the year is published', () => {
    const d = septemberCase();
    for (const m of MONTHS) d.set(`${m}|female|trafficking`, 3);
    const [months, quarters, year] = publishApart(d, true);
    const femaleTrafficking = (r: PublishedResult) =>
      r.cells.filter((c) => c.values.sex === 'female' && c.values.case_type === 'trafficking');
    assert.ok(femaleTrafficking(months!).every((c) => c.status === 'primary'));
    // A quarter's 9 is below the threshold of 11.
    assert.ok(femaleTrafficking(quarters!).every((c) => c.status === 'primary'));
    assert.deepEqual(
      femaleTrafficking(year!).map((c) => [c.value, c.status]),
      [[36, 'published']],
    );
    const after = attack([months!, quarters!, year!]);
    assert.deepEqual(derivableCells(after.problem, after.withheld), []);
  });

  test('property: month, quarter and year tables published apart give no withheld value away, together', () => {
    // Counts mostly at or above the threshold, some small, some zero.
    const count = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 5, max: 40 }) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }) },
      { weight: 1, arbitrary: fc.constant(0) },
    );
    fc.assert(
      fc.property(fc.array(count, { minLength: 72, maxLength: 72 }), (counts) => {
        const d: Data = new Map();
        let i = 0;
        for (const m of MONTHS) for (const s of SEXES) for (const t of TYPES) d.set(`${m}|${s}|${t}`, counts[i++]!);
        const published = publishApart(d, true);
        // What is published is exact, and no published cell is below its threshold.
        for (const r of published)
          for (const c of r.cells) {
            if (c.value === null) continue;
            const sexes = c.values.sex === '*' ? SEXES : [c.values.sex!];
            const types = c.values.case_type === '*' ? TYPES : [c.values.case_type!];
            const months = MONTHS.filter(
              (m) => m === c.period || quarterOf(m) === c.period || c.period === String(YEAR),
            );
            let exact = 0;
            for (const m of months) for (const s of sexes) for (const t of types) exact += at(d, m, s, t);
            assert.equal(c.value, exact, `${c.period} ${JSON.stringify(c.values)}`);
            const threshold = types.every((t) => t !== 'protection') ? 11 : 5;
            assert.ok(c.value === 0 || c.value >= threshold, `${c.period} ${JSON.stringify(c.values)} ${c.value}`);
          }
        const { problem, withheld } = attack(published);
        assert.deepEqual(derivableCells(problem, withheld), []);
      }),
      { numRuns: 60 },
    );
  });
});
