// Calendar months are named in the interface's language, never shifted by the time zone, and anything else is shown
// as given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateFieldInWords, formatCalendarMonth, formatDateTime, formatPercent, readDecimal } from './format.ts';

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

test('a decimal number is read as each language writes it', () => {
  assert.equal(readDecimal('1,000.50', 'en'), '1000.50');
  assert.equal(readDecimal(' 12.5 ', 'en'), '12.5');
  assert.equal(readDecimal('1 000,5', 'fr'), '1000.5');
  assert.equal(readDecimal('1\u202f000,5', 'fr'), '1000.5');
  assert.equal(readDecimal('12.50', 'fr'), '12.50');
  assert.equal(readDecimal('1.000,50', 'es'), '1000.50');
  assert.equal(readDecimal('12,50', 'es'), '12.50');
  assert.equal(readDecimal('1.000', 'es'), '1000');
  assert.equal(readDecimal('12.5', 'es'), '12.5');
  assert.equal(readDecimal('\u0661\u0662\u066b\u0665', 'ar'), '12.5');
  assert.equal(readDecimal('12.5', 'ar'), '12.5');
  // What cannot be read goes to the API as typed, which refuses it with its message.
  for (const x of ['abc', '1,2,3.4.5']) assert.equal(readDecimal(x, 'fr'), x);
  // A negative amount stays negative, for the API to say it must be 0 or more.
  assert.equal(readDecimal('-5', 'fr'), '-5');
  assert.equal(readDecimal('-5,5', 'fr'), '-5.5');
  assert.equal(readDecimal('', 'en'), '');
});

test('a date field’s value in words, in the interface’s language, with its weekday', () => {
  assert.equal(dateFieldInWords('date', '2027-01-15', 'en'), 'Friday, January 15, 2027');
  assert.equal(dateFieldInWords('date', '2027-01-15', 'fr'), 'vendredi 15 janvier 2027');
  assert.match(dateFieldInWords('date', '2027-01-15', 'es') ?? '', /^viernes, 15 de enero de 2027$/);
  assert.match(dateFieldInWords('date', '2027-01-15', 'ar') ?? '', /الجمعة.*يناير/);
  // The first day of a year stays in its year whatever the time zone (formatted in UTC).
  assert.equal(dateFieldInWords('date', '2027-01-01', 'en'), 'Friday, January 1, 2027');
  assert.equal(dateFieldInWords('month', '2026-11', 'en'), 'November 2026');
  assert.match(
    dateFieldInWords('datetime-local', '2026-12-02T14:30', 'en') ?? '',
    /^Wednesday, December 2, 2026 at 2:30\sPM$/,
  );
});

test('nothing is said of an empty, partial or impossible date, or of a field that holds no date', () => {
  const cases: [string, string][] = [
    ['date', ''],
    ['date', '2027-02-30'],
    ['date', '2027-1-5'],
    ['month', '2026-13'],
    ['datetime-local', '2026-12-02'],
    ['text', '2027-01-15'],
    ['email', 'a@b.c'],
  ];
  for (const [type, value] of cases) assert.equal(dateFieldInWords(type, value, 'en'), null, `${type} ${value}`);
});

test('a time entered in UTC is shown in UTC and says so, in every language', () => {
  assert.equal(formatDateTime('2026-07-01T06:00:00Z', 'en', { utc: true }), 'Jul 1, 2026, 06:00 UTC');
  for (const lng of ['fr', 'es', 'ar']) {
    const shown = formatDateTime('2026-07-01T23:30:00Z', lng, { utc: true });
    assert.match(shown, /UTC/, shown);
    assert.match(shown, /23:30|٢٣:٣٠/, `${shown}: not shifted to the browser's zone`);
  }
  assert.equal(formatDateTime('not a time', 'en', { utc: true }), 'not a time');
});
