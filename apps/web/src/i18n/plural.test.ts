// Every counted message gives, in each language, exactly the plural forms that language has (PLURAL_FORMS, checked
// against the platform's CLDR rules), so that the form pluralForm picks is always there and never English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CountedKey } from '../api/issue-words.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { PLURAL_FORMS, pluralForm } from './plural.ts';

const COUNTED: CountedKey[] = ['atLeastString', 'atMostString', 'atLeastArray', 'atMostArray'];

test('each language’s counted messages give every plural form the language has, and no other', () => {
  for (const [lng, messages] of Object.entries({ en, fr, es, ar })) {
    const forms = PLURAL_FORMS[lng as keyof typeof PLURAL_FORMS];
    assert.deepEqual(
      [...forms].sort(),
      [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort(),
      `${lng}: the forms of its plural rules`,
    );
    for (const key of COUNTED) {
      const given = messages.issueText[key];
      assert.deepEqual(Object.keys(given).sort(), [...forms].sort(), `${lng} ${key}`);
      for (const text of Object.values(given)) assert.ok(text.trim(), `${lng} ${key}`);
    }
  }
});

test('the form of a count: the language’s category, `other` where the page has no such language', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111].map((n) => pluralForm(n, 'ar')),
    ['zero', 'one', 'two', 'few', 'few', 'many', 'many', 'other', 'other', 'few', 'many'],
  );
  assert.deepEqual(
    [0, 1, 2, 1_000_000].map((n) => pluralForm(n, 'fr')),
    ['one', 'one', 'other', 'many'],
  );
  assert.deepEqual(
    [0, 1, 2].map((n) => pluralForm(n, 'en-GB')),
    ['other', 'one', 'other'],
  );
  assert.equal(pluralForm(1, 'ru'), 'other');
});
