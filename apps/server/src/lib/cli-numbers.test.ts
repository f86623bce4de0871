import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wholeNumberOption } from './cli-numbers.ts';

test('whole-number options: in range they are read; anything else is refused with the option and the range', () => {
  assert.equal(wholeNumberOption('--threads', '4', 0, 64), 4);
  assert.equal(wholeNumberOption('--threads', ' 0 ', 0, 64), 0);
  for (const bad of ['abc', '', '1.5', '-1', '65', '1e2', '0x10', '99999999999999999999'])
    assert.throws(() => wholeNumberOption('--threads', bad, 0, 64), /--threads must be a whole number from 0 to 64/);
});
