// The age that decides whether the consent panel asks for a child's assent is read as the server reads it (contracts
// ageOn): with only the year of birth known, the birthday is taken as late as it may be, so a person who could still
// be a child is one and the page does not call the assent "only for children" where the server requires it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChildOn } from '@corridor/contracts';
import { ageOf } from './person-values.ts';

const on = (day: string) => new Date(`${day}T12:00:00Z`);

test('a year of birth alone: the person counts as the youngest they can be, as the server counts them', () => {
  // Recorded as 2008 (stored 2008-01-01): on 20 June 2026 they may be 17 still, so they are a child until 2027.
  assert.equal(ageOf('2008-01-01', 'year', on('2026-06-20')), 17);
  assert.equal(isChildOn('2008-01-01', 'year', on('2026-06-20')), true);
  assert.equal(ageOf('2008-01-01', 'year', on('2026-12-31')), 18);
  assert.equal(isChildOn('2008-01-01', 'year', on('2026-12-31')), false);
  // The same day known exactly: 18 since 1 January.
  assert.equal(ageOf('2008-01-01', 'exact', on('2026-06-20')), 18);
  assert.equal(ageOf('2008-01-01', null, on('2026-06-20')), 18);
  // An estimated date is taken as it is.
  assert.equal(ageOf('2008-07-01', 'estimated', on('2026-06-20')), 17);
  assert.equal(ageOf('2008-07-01', 'estimated', on('2026-07-01')), 18);
});

test('no date of birth, or one that is not a day: no age, and no child', () => {
  assert.equal(ageOf(null, 'year', on('2026-06-20')), null);
  assert.equal(ageOf('2008', 'year', on('2026-06-20')), null);
  assert.equal(isChildOn(null, null, on('2026-06-20')), false);
});
