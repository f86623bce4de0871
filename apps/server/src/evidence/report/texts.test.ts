// The labels of dimension values in the report's four languages (service types: as the web app's vocabularies).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ar } from '../../../../web/src/vocabularies/labels-ar.ts';
import { en } from '../../../../web/src/vocabularies/labels-en.ts';
import { es } from '../../../../web/src/vocabularies/labels-es.ts';
import { fr } from '../../../../web/src/vocabularies/labels-fr.ts';
import { serviceType } from '../../vocabularies/service-type.ts';
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

test('service types are named in each language as the web app names them (its vocabulary labels), never by code', () => {
  const web = { en, fr, es, ar };
  for (const code of serviceType.codes) {
    const label = valueLabel('service_type', code);
    assert.equal(label.en, serviceType.labels[code], code);
    for (const lng of ['en', 'fr', 'es', 'ar'] as const) {
      const expected = (web[lng]['corridor.service_type'] as Record<string, string>)[code];
      assert.equal(label[lng], expected, `${code} in ${lng}`);
      assert.notEqual(label[lng], code);
    }
  }
  assert.equal(valueLabel('service_type', 'mental_health_psychosocial').fr, 'Santé mentale et soutien psychosocial');
});
