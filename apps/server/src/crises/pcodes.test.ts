import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors.ts';
import { assertPcodesOf, isPcodeOf, pcodesKnownFor } from './pcodes.ts';

test('p-codes are checked against OCHA’s list of the country, admin 1 and 2', () => {
  assert.ok(pcodesKnownFor('IRQ') && pcodesKnownFor('SSD'));
  assert.ok(isPcodeOf('IRQ', 'IQG11'), 'Erbil, admin 1');
  assert.ok(!isPcodeOf('IRQ', 'SS01'), 'a South Sudanese p-code is not an Iraqi one');
  assert.ok(!isPcodeOf('IRQ', 'IQG99'), 'follows the pattern but does not exist');
  assert.ok(isPcodeOf('SSD', 'SS01'));
});

test('every wrong p-code is reported at its pointer, without its value', () => {
  try {
    assertPcodesOf('IRQ', [
      { pointer: '/areas/0', pcode: 'IQG01' },
      { pointer: '/areas/1', pcode: 'IQG99' },
      { pointer: '/areas/2', pcode: 'SS01' },
      { pointer: '/pcode', pcode: null },
    ]);
    assert.fail('expected validation_failed');
  } catch (err) {
    assert.ok(err instanceof DomainError);
    assert.equal(err.code, 'validation_failed');
    assert.deepEqual(
      err.extra.errors?.map((e) => e.pointer),
      ['/areas/1', '/areas/2'],
    );
    assert.ok(!JSON.stringify(err.extra).includes('IQG99'));
  }
});
