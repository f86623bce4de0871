// The query module's period ranges: checked, and too long a range refused with a rule a client words itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors.ts';
import { periodRange } from './query.ts';

test('a period range: its periods in order; more than 120 refused with the period_count rule and its limit', () => {
  assert.deepEqual(periodRange('quarter', '2025-Q3', '2026-Q2'), ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
  assert.equal(periodRange('month', '2016-01', '2025-12').length, 120);
  assert.throws(
    () => periodRange('month', '2015-12', '2025-12'),
    (err: unknown) => {
      assert.ok(err instanceof DomainError);
      assert.equal(err.code, 'validation_failed');
      assert.deepEqual(err.extra.errors, [
        {
          location: 'query',
          pointer: '/to',
          message: 'at most 120 periods',
          code: 'custom',
          params: { rule: 'period_count', max: 120 },
        },
      ]);
      return true;
    },
  );
  assert.throws(() => periodRange('year', '2026', '2025'), DomainError);
});
