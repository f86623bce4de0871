// The throughput range is refused on the page exactly where the server refuses it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { THROUGHPUT_MAX_DAYS, throughputRangeProblem } from './throughput-range.ts';

test('a throughput range ending before it starts, or longer than the server reports on, is refused', () => {
  assert.equal(throughputRangeProblem('2026-03-01', '2026-03-01'), null);
  assert.equal(throughputRangeProblem('2026-03-02', '2026-03-01'), 'before');
  // 366 days, both counted, across a leap day: the longest range taken; one more is too long.
  assert.equal(THROUGHPUT_MAX_DAYS, 366);
  assert.equal(throughputRangeProblem('2024-01-01', '2024-12-31'), null);
  assert.equal(throughputRangeProblem('2024-01-01', '2025-01-01'), 'tooLong');
});
