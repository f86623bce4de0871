// Cells that count only trafficking or GBV cases are published with the sensitive threshold (11) in every indicator,
// not only in the trafficking and GBV indicators: cases opened by case type and sex must not publish the 6 trafficking
// victims that the trafficking table of the same release suppresses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ExactCell, type ExactResult, type IndicatorQuery, incrementalIndicator, publishExact } from './query.ts';

const cell = (values: ExactCell['values'], value: number): ExactCell => ({
  period: '2026',
  values,
  value,
  excluded: 0,
});

function casesOpened(cells: ExactCell[], q: Partial<IndicatorQuery> = {}): ExactResult {
  const indicator = incrementalIndicator('cases_opened');
  return {
    indicator,
    query: { indicatorId: indicator.id, grain: 'year', from: '2026', to: '2026', by: ['case_type', 'sex'], ...q },
    periods: ['2026'],
    cells,
    excluded: 0,
    asOf: '2026-06-01T00:00:00.000Z',
    digest: 'exact',
  };
}

/** Cases opened by case type and sex: trafficking 6 women and 10 men, protection 40 and 30, GBV 8 women. */
function byTypeAndSex(): ExactCell[] {
  return [
    cell({ case_type: 'trafficking', sex: 'female' }, 6),
    cell({ case_type: 'trafficking', sex: 'male' }, 10),
    cell({ case_type: 'trafficking', sex: '*' }, 16),
    cell({ case_type: 'protection', sex: 'female' }, 40),
    cell({ case_type: 'protection', sex: 'male' }, 30),
    cell({ case_type: 'protection', sex: '*' }, 70),
    cell({ case_type: 'gbv', sex: 'female' }, 8),
    cell({ case_type: 'gbv', sex: 'male' }, 0),
    cell({ case_type: 'gbv', sex: '*' }, 8),
    cell({ case_type: '*', sex: 'female' }, 54),
    cell({ case_type: '*', sex: 'male' }, 40),
    cell({ case_type: '*', sex: '*' }, 94),
  ];
}

const findCell = (r: ReturnType<typeof publishExact>[number], values: Record<string, string>) =>
  r.cells.find((c) => Object.entries(values).every(([d, v]) => c.values[d as keyof typeof c.values] === v));
const cellOf = (r: ReturnType<typeof publishExact>[number], values: Record<string, string>) => findCell(r, values)!;

test('trafficking and GBV cells of a general indicator are suppressed below 11, with their complements', () => {
  const [r] = publishExact([casesOpened(byTypeAndSex())]);
  for (const values of [
    { case_type: 'trafficking', sex: 'female' },
    { case_type: 'trafficking', sex: 'male' },
    { case_type: 'gbv', sex: 'female' },
    { case_type: 'gbv', sex: '*' },
  ]) {
    const c = cellOf(r!, values);
    assert.equal(c.value, null, `${JSON.stringify(values)} is suppressed`);
    assert.equal(c.status, 'primary');
  }
  // A zero is an empty cell: left out of the published table, as a cell of nobody is.
  assert.equal(findCell(r!, { case_type: 'gbv', sex: 'male' }), undefined);
  // Protection cells are not primary suppressions (the table's threshold is 5); the grand total is published.
  for (const sex of ['female', 'male']) assert.notEqual(cellOf(r!, { case_type: 'protection', sex }).status, 'primary');
  assert.equal(cellOf(r!, { case_type: '*', sex: '*' }).value, 94);
  // No suppressed trafficking cell is the difference of published ones: with 16 published for trafficking, the two
  // sexes each need another suppression in their columns.
  // An absent cell is an empty one: 0, known.
  const published = (values: Record<string, string>) => findCell(r!, values)?.value !== null;
  for (const sex of ['female', 'male']) {
    const column = ['trafficking', 'protection', 'gbv', '*'].filter((t) => !published({ case_type: t, sex }));
    assert.ok(column.length >= 2, `the ${sex} column keeps at least two suppressed cells`);
  }
  assert.equal(r!.threshold, 5);
});

test('a table kept to trafficking or GBV cases, or broken down by form of exploitation, uses 11 throughout', () => {
  const bySex = [cell({ sex: 'female' }, 7), cell({ sex: 'male' }, 12), cell({ sex: '*' }, 19)];
  const [filtered] = publishExact([casesOpened(bySex, { by: ['sex'], filters: { case_type: ['trafficking'] } })]);
  assert.equal(cellOf(filtered!, { sex: 'female' }).status, 'primary');
  const [mixed] = publishExact([
    casesOpened(bySex, { by: ['sex'], filters: { case_type: ['trafficking', 'protection'] } }),
  ]);
  assert.equal(cellOf(mixed!, { sex: 'female' }).value, 7, 'a table mixing case types keeps the threshold of 5');
  const indicator = incrementalIndicator('trafficking_victims_assisted');
  assert.equal(indicator.threshold, 11);
});
