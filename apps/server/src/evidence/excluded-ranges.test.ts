// The count left out for want of a basis for statistics is published as one total per table. Two tables of the same
// indicator over ranges that differ by one period (or a quarter table and a month table of the same months) would
// give that period's count away by subtraction, so the total is withheld when any of its periods (any month of a
// quarter or year table of a sum over time) has a small count left out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ExactCell, type ExactResult, type IndicatorQuery, incrementalIndicator, publishExact } from './query.ts';

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

/** A table without breakdowns: one cell per period, each with what was counted and what was left out. */
function table(q: IndicatorQuery, periods: readonly string[], counts: readonly [number, number][]): ExactResult {
  const cells: ExactCell[] = periods.map((period, i) => ({
    period,
    values: {},
    value: counts[i]![0],
    excluded: counts[i]![1],
  }));
  return {
    indicator: incrementalIndicator(q.indicatorId),
    query: q,
    periods: [...periods],
    cells,
    excluded: cells.reduce((s, c) => s + c.excluded, 0),
    asOf: null,
    digest: '',
  };
}

const monthQ = (from: string, to: string): IndicatorQuery => ({
  indicatorId: 'cases_opened',
  grain: 'month',
  from,
  to,
  by: [],
});

describe('the total left out across ranges and grains', () => {
  const counted: [number, number][] = MONTHS.map(() => [40, 0]);

  test('a range with one month of few left out withholds its total; the range without it publishes', () => {
    const left = [12, 15, 2, 0, 0, 0];
    const data = counted.map(([v], i) => [v, left[i]!] as [number, number]);
    const long = publishExact([table(monthQ('2026-01', '2026-03'), MONTHS.slice(0, 3), data.slice(0, 3))])[0]!;
    const short = publishExact([table(monthQ('2026-01', '2026-02'), MONTHS.slice(0, 2), data.slice(0, 2))])[0]!;
    // Before: 29 and 27, whose difference is March's 2.
    assert.equal(long.excluded, null);
    assert.equal(long.excludedSuppressed, true);
    assert.equal(short.excluded, 27);
    assert.equal(short.excludedSuppressed, undefined);
  });

  test('a quarter table is judged by the months of its quarters (its month companion)', () => {
    const left = [12, 15, 2, 20, 0, 30];
    const months = table(
      monthQ('2026-01', '2026-12'),
      MONTHS,
      counted.map(([v], i) => [v, left[i]!]),
    );
    const quarterQ: IndicatorQuery = { ...monthQ('2026-Q1', '2026-Q2'), grain: 'quarter' };
    const quarters = table(
      quarterQ,
      ['2026-Q1', '2026-Q2'],
      [
        [120, 29],
        [120, 50],
      ],
    );
    const q2only = table({ ...quarterQ, from: '2026-Q2' }, ['2026-Q2'], [[120, 50]]);
    const both = publishExact([quarters], {}, [months])[0]!;
    const second = publishExact([q2only], {}, [months])[0]!;
    // Q1 holds March's 2 (29 = 12 + 15 + 2, and January to February is publishable as a month range).
    assert.equal(both.excluded, null);
    assert.equal(both.excludedSuppressed, true);
    // Q2's months are 20, 0 and 30: none small.
    assert.equal(second.excluded, 50);
  });

  test('months with nothing left out do not withhold the total', () => {
    const left = [0, 14, 0, 0, 11, 0];
    const r = publishExact([
      table(
        monthQ('2026-01', '2026-06'),
        MONTHS,
        counted.map(([v], i) => [v, left[i]!]),
      ),
    ])[0]!;
    assert.equal(r.excluded, 25);
  });

  test('a people table is judged by its own periods', () => {
    const peopleQ: IndicatorQuery = {
      indicatorId: 'beneficiaries_assisted',
      grain: 'month',
      from: '2026-01',
      to: '2026-02',
      by: [],
    };
    const r = publishExact([
      table(peopleQ, MONTHS.slice(0, 2), [
        [40, 30],
        [40, 3],
      ]),
    ])[0]!;
    assert.equal(r.excluded, null);
    assert.equal(r.excludedSuppressed, true);
  });
});
