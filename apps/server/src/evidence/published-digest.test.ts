// The digest of a published table is provenance for what was published, and must not be a way back to what was
// suppressed: two tables whose exact values differ only inside suppressed cells publish the same digest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ExactCell, type ExactResult, incrementalIndicator, publishExact } from './query.ts';

function table(female: number, male: number, other: number): ExactResult {
  const indicator = incrementalIndicator('cases_opened');
  const cell = (sex: string, value: number): ExactCell => ({ period: '2026', values: { sex }, value, excluded: 0 });
  return {
    indicator,
    query: { indicatorId: indicator.id, grain: 'year', from: '2026', to: '2026', by: ['sex'] },
    periods: ['2026'],
    cells: [cell('female', female), cell('male', male), cell('other', other), cell('*', female + male + other)],
    excluded: 0,
    asOf: '2026-06-01T00:00:00.000Z',
    digest: `exact-${female}-${male}-${other}`,
  };
}

test('two tables differing only in suppressed cells publish the same digest; a published change changes it', () => {
  const [a] = publishExact([table(50, 2, 3)]);
  const [b] = publishExact([table(50, 3, 2)]);
  const [c] = publishExact([table(51, 2, 2)]);
  assert.equal(a!.cells.find((x) => x.values.sex === 'male')!.value, null);
  assert.equal(a!.cells.find((x) => x.values.sex === 'other')!.value, null);
  assert.equal(a!.digest, b!.digest);
  assert.notEqual(a!.digest, c!.digest);
  assert.match(a!.digest, /^[0-9a-f]{64}$/);
});
