import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodName } from './period-names.ts';

test('months, quarters and years by name in each language; anything else as given', () => {
  assert.equal(periodName('2026-11', 'en-GB'), 'Nov 2026');
  assert.equal(periodName('2026-11', 'en-GB', { width: 'long' }), 'November 2026');
  assert.equal(periodName('2026-11', 'en-GB', { year: false }), 'Nov');
  assert.equal(periodName('2026-03', 'fr'), 'mars 2026');
  assert.equal(periodName('2026-Q3', 'en-GB'), 'Jul–Sept 2026');
  assert.equal(periodName('2026-Q1', 'es', { width: 'long' }), 'enero–marzo 2026');
  assert.equal(periodName('2026-Q4', 'ar', { width: 'long' }), 'أكتوبر–ديسمبر 2026');
  assert.equal(periodName('2026', 'ar'), '2026');
  assert.match(periodName('2026-02', 'ar', { width: 'long' }), /فبراير/);
  for (const odd of ['2026-13', '2026-Q5', '2026_3Q', '', 'soon']) assert.equal(periodName(odd, 'en'), odd);
});
