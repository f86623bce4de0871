// The browser's own field checks worded in the page's language, with the field's own limit when it has one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import i18next from 'i18next';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { messageFor } from './form-validity.ts';
import { fr } from './fr.ts';

const validity = (failed: Partial<ValidityState>): ValidityState =>
  ({
    valueMissing: false,
    typeMismatch: false,
    patternMismatch: false,
    badInput: false,
    tooShort: false,
    tooLong: false,
    rangeUnderflow: false,
    rangeOverflow: false,
    stepMismatch: false,
    customError: false,
    valid: false,
    ...failed,
  }) as ValidityState;

test('a number below its minimum is worded with the minimum, in the page’s language', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } },
  });
  const say = (lng: string) => (key: Parameters<Parameters<typeof messageFor>[1]>[0], values?: { n: string }) =>
    String(i18n.getFixedT(lng)(key, values));
  assert.equal(messageFor(validity({ rangeUnderflow: true }), say('en'), { min: '1' }), 'Must be 1 or more.');
  assert.equal(messageFor(validity({ rangeOverflow: true }), say('en'), { max: '120' }), 'Must be 120 or less.');
  assert.equal(
    messageFor(validity({ tooLong: true }), say('en'), { maxLength: 64 }),
    'Must be at most 64 characters long.',
  );
  // A length takes the plural form of the page's language.
  assert.equal(
    messageFor(validity({ tooLong: true }), say('fr'), { maxLength: 1 }, 'fr'),
    'Doit compter au plus 1 caractère.',
  );
  assert.equal(
    messageFor(validity({ tooShort: true }), say('ar'), { minLength: 2 }, 'ar'),
    'يجب ألا يقل طولها عن حرفين.',
  );
  const french = messageFor(validity({ rangeUnderflow: true }), say('fr'), { min: '1' });
  assert.ok(french.includes('1') && french !== 'Must be 1 or more.', french);
  // Without a declared limit, the general sentence; a missing value says so.
  assert.equal(messageFor(validity({ rangeUnderflow: true }), say('en')), String(i18n.t('issues.too_small')));
  assert.equal(
    messageFor(validity({ valueMissing: true }), say('en'), { min: '1' }),
    String(i18n.t('issues.required')),
  );
  assert.equal(messageFor(validity({}), say('en')), '');
});

test('a day before or after a day field’s limits is worded with the day, in the page’s language', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } },
  });
  const say = (lng: string) => (key: Parameters<Parameters<typeof messageFor>[1]>[0], values?: { n: string }) =>
    String(i18n.getFixedT(lng)(key, values));
  const limits = { min: '3 January 2026', max: '28 November 2026', day: true };
  assert.equal(messageFor(validity({ rangeUnderflow: true }), say('en'), limits), 'Must not be before 3 January 2026.');
  assert.equal(messageFor(validity({ rangeOverflow: true }), say('en'), limits), 'Must not be after 28 November 2026.');
  const arabic = messageFor(validity({ rangeUnderflow: true }), say('ar'), limits);
  assert.ok(arabic.includes('3 January 2026') && !arabic.startsWith('Must'), arabic);
  // A number field keeps the number's sentence.
  assert.equal(messageFor(validity({ rangeUnderflow: true }), say('en'), { min: '1' }), 'Must be 1 or more.');
});
