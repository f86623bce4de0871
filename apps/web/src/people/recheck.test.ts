// A registration stops for the people worth asking about (a document, a name with the birth date, most of the name),
// not for strangers whose names share a part or two with a typing error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchHit } from '@corridor/contracts';
import { worthRechecking } from './recheck.ts';

const hit = (match: Partial<SearchHit['match']>): SearchHit =>
  ({
    beneficiary: { id: '3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f' },
    match: { name: null, dateOfBirth: null, document: false, fields: [], ...match },
  }) as SearchHit;

test('which search hits stop a registration', () => {
  assert.equal(worthRechecking(hit({ document: true })), true, 'the same document');
  assert.equal(worthRechecking(hit({ name: { level: 'typo', matched: 1, of: 4 }, dateOfBirth: 'exact' })), true);
  assert.equal(worthRechecking(hit({ name: { level: 'phonetic', matched: 3, of: 4 } })), true, 'most of the name');
  assert.equal(worthRechecking(hit({ name: { level: 'exact', matched: 2, of: 4 } })), false, 'half is not most');
  assert.equal(worthRechecking(hit({ name: { level: 'typo', matched: 2, of: 5 } })), false, 'a typing error or two');
  assert.equal(worthRechecking(hit({ name: { level: 'typo', matched: 4, of: 4 } })), true, 'every part');
  assert.equal(worthRechecking(hit({ dateOfBirth: 'exact' })), false, 'a birth date alone');
});
