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

test('the number of records left out is withheld below the threshold (the sensitive one for trafficking only)', () => {
  const withExcluded = (excluded: number, filters?: ExactResult['query']['filters']): ExactResult => {
    const t = table(50, 20, 30);
    return { ...t, excluded, query: { ...t.query, ...(filters ? { filters } : {}) } };
  };
  const published = (r: ExactResult) => {
    const [p] = publishExact([r]);
    return [p!.excluded, p!.excludedSuppressed ?? false];
  };
  assert.deepEqual(published(withExcluded(0)), [0, false]);
  assert.deepEqual(published(withExcluded(1)), [null, true]);
  assert.deepEqual(published(withExcluded(4)), [null, true]);
  assert.deepEqual(published(withExcluded(5)), [5, false]);
  assert.deepEqual(published(withExcluded(7, { case_type: ['trafficking'] })), [null, true]);
  assert.deepEqual(published(withExcluded(11, { case_type: ['trafficking'] })), [11, false]);
  // Withheld counts do not show through the digest: 1 and 4 left out publish the same table.
  assert.equal(publishExact([withExcluded(1)])[0]!.digest, publishExact([withExcluded(4)])[0]!.digest);
  assert.notEqual(publishExact([withExcluded(5)])[0]!.digest, publishExact([withExcluded(6)])[0]!.digest);
});
