import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fromMinor, normaliseRate, toMinor, usdMinorOf } from './money.ts';

test('amounts round-trip between decimal strings and minor units', () => {
  assert.equal(toMinor('1500'), 150000);
  assert.equal(toMinor('1500.5'), 150050);
  assert.equal(toMinor('0.07'), 7);
  assert.equal(fromMinor(150050), '1500.50');
  assert.equal(fromMinor(7), '0.07');
  fc.assert(fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (m) => toMinor(fromMinor(m)) === m));
});

test('USD equivalents use the recorded rate exactly, rounding half up', () => {
  assert.equal(usdMinorOf(138000000, '1.0869565'), 149999997);
  assert.equal(usdMinorOf(100, '1'), 100);
  assert.equal(usdMinorOf(1, '0.5'), 1); // 0.5 cent rounds up
  assert.equal(usdMinorOf(1, '0.499999999'), 0);
  assert.equal(normaliseRate('1.082500000'), '1.0825');
  assert.equal(normaliseRate('2.000'), '2');
});
