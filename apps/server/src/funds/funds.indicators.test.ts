import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantile } from './funds.indicators.ts';

test('quantiles interpolate between the ranks', () => {
  assert.equal(quantile([], 0.5), null);
  assert.equal(quantile([4], 0.9), 4);
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([0, 10], 0.9), 9);
});
