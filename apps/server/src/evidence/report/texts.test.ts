// The labels of dimension values in the report's four languages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueLabel } from './texts.ts';

test('countries and nationalities are named in each language; other values keep their labels or codes', () => {
  assert.deepEqual(valueLabel('nationality', 'SYR'), {
    en: 'Syria',
    fr: 'Syrie',
    es: 'Siria',
    ar: new Intl.DisplayNames(['ar'], { type: 'region' }).of('SY'),
  });
  assert.equal(valueLabel('country', 'IRQ').fr, 'Irak');
  assert.equal(valueLabel('country', 'BGD').es, 'Bangladés');
  // Not a country code: as given; an unrecorded value: "not recorded".
  assert.equal(valueLabel('nationality', 'ZZZ').en, 'ZZZ');
  assert.equal(valueLabel('nationality', 'unknown').fr, 'Non renseigné');
  assert.equal(valueLabel('sex', 'female').ar, 'إناث');
});
