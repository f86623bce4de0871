// Calendar months are named in the interface's language, never shifted by the time zone, and anything else is shown
// as given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCalendarMonth, formatPercent } from './format.ts';

test('a calendar month as each language names it', () => {
  assert.equal(formatCalendarMonth('2026-11', 'en'), 'November 2026');
  assert.equal(formatCalendarMonth('2026-11', 'fr'), 'novembre 2026');
  assert.match(formatCalendarMonth('2026-11', 'es'), /^noviembre( de)? 2026$/);
  assert.match(formatCalendarMonth('2026-11', 'ar'), /نوفمبر/);
  // The first month of a year stays in its year whatever the time zone (formatted in UTC).
  assert.equal(formatCalendarMonth('2026-01', 'en'), 'January 2026');
});

test('what is not a calendar month is shown as it is', () => {
  for (const x of ['2026-13', '2026-1', 'November', '']) assert.equal(formatCalendarMonth(x, 'en'), x);
});

test('a percentage is written as each language writes it', () => {
  assert.equal(formatPercent(3.67, 'en'), '3.67%');
  assert.equal(formatPercent(3, 'en'), '3%');
  assert.match(formatPercent(3.67, 'fr'), /^3,67\s%$/);
  assert.match(formatPercent(12.5, 'es'), /^12,5\s%$/);
});
