// Validation issues worded by the interface in each language: the issue a contract gives (validate, as a form runs
// it before sending) carries its limit, and each language words it with that limit instead of a generic sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBeneficiary } from '@corridor/contracts';
import i18next from 'i18next';
import { z } from 'zod';
import { validate } from '../admin/validate.ts';
import { ar } from '../i18n/ar.ts';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { fr } from '../i18n/fr.ts';
import { PATTERNS, RULES, type WordedKey, wordedIssue } from './issue-words.ts';
import type { FieldIssue } from './problem.ts';

/** The issues of a body checked against a schema, as a form gets them. */
function issuesOf(schema: z.ZodType, body: unknown): FieldIssue[] {
  const checked = validate(schema, body);
  assert.equal(checked.ok, false);
  return checked.ok
    ? []
    : (checked.problem.errors ?? []).map((e) => ({ code: e.code, message: e.message, params: e.params }));
}

test('a limit and an email address are worded from the issue, in every language', async () => {
  const Age = z.object({
    age: z.number().int().min(0).max(120),
    names: z.array(z.string()).min(1),
    note: z.string().max(5),
  });
  const issues = issuesOf(Age, { age: -3, names: [], note: 'too long' });
  assert.deepEqual(
    issues.map((i) => wordedIssue(i)),
    [
      { key: 'atLeastNumber', values: { n: '0' } },
      { key: 'atLeastArray.one', values: { n: '1' } },
      { key: 'atMostString.other', values: { n: '5' } },
    ],
  );
  assert.deepEqual(wordedIssue(issuesOf(Age, { age: 200, names: ['a'], note: '' })[0]!), {
    key: 'atMostNumber',
    values: { n: '120' },
  });
  // A number that must be whole (an API token's days): said so, not "expected int, received number".
  const whole = issuesOf(Age, { age: 1.5, names: ['a'], note: '' })[0]!;
  assert.deepEqual(wordedIssue(whole), { key: 'wholeNumber', values: { n: '' } });
  const email = issuesOf(CreateBeneficiary, {
    givenName: 'Amina',
    familyName: 'Yusuf',
    email: 'not an address',
  }).find((i) => i.code === 'invalid_format');
  assert.equal(email && wordedIssue(email)?.key, 'email');

  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es }, ar: { translation: ar } },
  });
  const texts = (lng: string) => {
    const t = i18n.getFixedT(lng);
    return issues.map((i) => {
      const w = wordedIssue(i, lng)!;
      return t(`issueText.${w.key}`, w.values);
    });
  };
  assert.deepEqual(texts('en'), ['Must be 0 or more.', 'Choose at least 1.', 'Must be at most 5 characters long.']);
  for (const lng of ['fr', 'es', 'ar']) {
    const said = texts(lng);
    assert.ok(said[0]!.includes('0') && said[2]!.includes('5'), `${lng}: ${said.join(' | ')}`);
    assert.ok(
      said.every((x, k) => x !== texts('en')[k]),
      `${lng} words them in its own language`,
    );
  }
});

test('a length or a count is worded in the plural form its language gives that number', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es }, ar: { translation: ar } },
  });
  const limit = (code: 'too_small' | 'too_big', n: number, origin = 'string'): FieldIssue => ({
    code,
    message: 'x',
    params: code === 'too_small' ? { minimum: n, origin } : { maximum: n, origin },
  });
  const say = (lng: string, issue: FieldIssue) => {
    const w = wordedIssue(issue, lng)!;
    return String(i18n.getFixedT(lng)(`issueText.${w.key}`, w.values));
  };
  // The issue as a form gets it: a text of at most 1 character.
  const [tooLong] = issuesOf(z.object({ note: z.string().max(1) }), { note: 'ab' });
  assert.equal(say('en', tooLong!), 'Must be at most 1 character long.');
  assert.equal(say('fr', tooLong!), 'Doit compter au plus 1 caractère.');
  assert.equal(say('es', tooLong!), 'Debe tener como máximo 1 carácter.');
  assert.equal(say('ar', tooLong!), 'يجب ألا يزيد طولها على حرف واحد.');
  assert.equal(say('en', limit('too_small', 1)), 'Must be at least 1 character long.');
  assert.equal(say('fr', limit('too_small', 2)), 'Doit compter au moins 2 caractères.');
  // Arabic: one character, two (the dual), then 3–10, 11–99 and 100 each with their own form of the noun.
  assert.equal(say('ar', limit('too_small', 2)), 'يجب ألا يقل طولها عن حرفين.');
  assert.equal(say('ar', limit('too_big', 5)), 'يجب ألا يزيد طولها على 5 أحرف.');
  assert.equal(say('ar', limit('too_big', 64)), 'يجب ألا يزيد طولها على 64 حرفًا.');
  assert.equal(say('ar', limit('too_big', 200)), 'يجب ألا يزيد طولها على 200 حرف.');
  assert.equal(say('ar', limit('too_big', 2, 'array')), 'أدخل اثنين على الأكثر.');
  assert.equal(say('ar', limit('too_small', 1, 'array')), 'اختر واحدًا على الأقل.');
  // French and Spanish take "de" before a million; English has no such form and says "characters".
  assert.equal(say('fr', limit('too_big', 1_000_000)), 'Doit compter au plus 1000000 de caractères.');
  assert.equal(wordedIssue(limit('too_big', 1_000_000), 'es')?.key, 'atMostString.many');
  assert.equal(wordedIssue(limit('too_big', 1_000_000), 'en')?.key, 'atMostString.other');
  // A number's limit has no noun to agree with: one sentence.
  assert.equal(wordedIssue(limit('too_small', 1, 'number'), 'ar')?.key, 'atLeastNumber');
});

test('an issue without parameters is left to the generic wording', () => {
  assert.equal(wordedIssue({ code: 'custom', message: 'give the value and its currency together' }), null);
  assert.equal(wordedIssue({ code: 'too_small', message: 'x', params: { origin: 'date' } }), null);
});

test('a day before the first day it may be is worded with that day; without the day, the rule’s own sentence', () => {
  const issue = { code: 'custom', message: 'must not be before the day the case was opened' };
  assert.deepEqual(wordedIssue({ ...issue, params: { rule: 'not_before', since: '2026-01-03' } }), {
    key: 'notBeforeDay',
    values: { n: '2026-01-03' },
    day: true,
  });
  assert.deepEqual(wordedIssue({ ...issue, params: { rule: 'not_before' } }), { key: 'notBefore', values: { n: '' } });
  assert.equal(wordedIssue({ ...issue, params: { rule: 'not_before', since: '3 Jan' } })?.key, 'notBefore');
});

test('a cross-field rule that names itself is worded in every language: a person needs at least one name', async () => {
  const issues = issuesOf(CreateBeneficiary, { sex: 'female' });
  const noName = issues.find((i) => i.code === 'custom' && i.params?.rule === 'one_name');
  assert.ok(noName, JSON.stringify(issues));
  const w = wordedIssue(noName)!;
  assert.equal(w.key, 'oneName');
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es }, ar: { translation: ar } },
  });
  const said = ['en', 'fr', 'es', 'ar'].map((lng) => String(i18n.getFixedT(lng)(`issueText.${w.key}`)));
  assert.equal(said[0], 'Give at least one name: given name, family name, or the name as written.');
  assert.equal(new Set(said).size, 4, said.join(' | '));
  assert.ok(
    said.every((x) => !x.includes('givenName')),
    'no field names of the API',
  );
});

test('the contracts’ cross-field rules that name themselves are worded in every language', async () => {
  const { CreateService, FiguresQuery } = await import('@corridor/contracts');
  const backwards = issuesOf(FiguresQuery, { from: '2026-05-01', to: '2026-04-01' });
  const halfValue = issuesOf(CreateService, { serviceType: 'shelter', deliveredOn: '2026-05-01', valueMinor: 1000 });
  const rules = [...backwards, ...halfValue].filter((i) => i.code === 'custom').map((i) => wordedIssue(i)?.key);
  assert.ok(rules.includes('notBefore') && rules.includes('together'), JSON.stringify(rules));
  const { CreateBeneficiary: Person, SecondFactor } = await import('@corridor/contracts');
  const single = [
    ...issuesOf(Person, { givenName: 'Amina', dobPrecision: 'year', languages: ['ar', 'ar'] }),
    ...issuesOf(SecondFactor, { code: '123456', recoveryCode: 'abcd-efgh-ijkl' }),
  ]
    .filter((i) => i.code === 'custom')
    .map((i) => wordedIssue(i)?.key);
  assert.deepEqual(new Set(single), new Set(['onlyWithDate', 'onceEach', 'oneCode']), JSON.stringify(single));

  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es }, ar: { translation: ar } },
  });
  for (const key of Object.values(RULES)) {
    const said: string[] = ['en', 'fr', 'es', 'ar'].map((lng) => i18n.getFixedT(lng)(`issueText.${key}`));
    assert.equal(new Set(said).size, 4, `${key}: ${said.join(' | ')}`);
    assert.ok(!said.some((x) => x.startsWith('issueText.')), key);
  }
});

test('a named pattern, a date and a list of codes are worded with what to write, in every language', async () => {
  const { AppointmentContact, CreateBeneficiary: Person, PATTERN_NAMES } = await import('@corridor/contracts');
  // A spreadsheet's habits: the day first, a word for the sex, a phone number with letters, a country's old code.
  const issues = issuesOf(Person, {
    givenName: 'Amina',
    dateOfBirth: '14/03/1991',
    sex: 'femme',
    phone: 'tel 0912345678',
    country: 'sd',
  });
  const keys = issues.map((i) => wordedIssue(i)?.key);
  assert.deepEqual(new Set(keys), new Set(['date', 'oneOf', 'phone', 'country']), JSON.stringify(issues));
  const sex = issues.find((i) => i.code === 'invalid_value')!;
  assert.deepEqual(wordedIssue(sex), { key: 'oneOf', values: { n: 'female, male, intersex, unknown' } });
  // A code of the right shape that is no country's has its own rule.
  const unknown = issuesOf(Person, { givenName: 'Amina', country: 'SUD' }).map((i) => wordedIssue(i)?.key);
  assert.deepEqual(unknown, ['knownCountry']);
  // A booking's phone number: another pattern under the same name.
  const booking = issuesOf(AppointmentContact, { name: 'Amina', phone: '0750 123 4567' });
  assert.deepEqual(
    booking.map((i) => wordedIssue(i)?.key),
    ['phone'],
  );

  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es }, ar: { translation: ar } },
  });
  const saidIn = (lng: string) => {
    const t = i18n.getFixedT(lng);
    return issues.map((i) => {
      const w = wordedIssue(i)!;
      return t(`issueText.${w.key}`, w.values);
    });
  };
  for (const lng of ['en', 'fr', 'es', 'ar']) {
    const said = saidIn(lng);
    const of = (key: WordedKey) => said[keys.indexOf(key)]!;
    assert.ok(of('date').includes('1991-03-14'), `${lng}: the date as it must be written: ${of('date')}`);
    assert.ok(of('phone').includes('+249'), `${lng}: an example phone number: ${of('phone')}`);
    assert.ok(of('oneOf').includes('female, male, intersex, unknown'), `${lng}: the codes it takes: ${of('oneOf')}`);
    assert.ok(of('country').includes('SDN'), `${lng}: an example country code: ${of('country')}`);
    if (lng !== 'en')
      assert.ok(
        said.every((x, k) => x !== saidIn('en')[k]),
        `${lng} words them in its own language`,
      );
  }
  for (const name of PATTERN_NAMES) {
    const key = PATTERNS[name];
    const said = ['en', 'fr', 'es', 'ar'].map((lng) => i18n.getFixedT(lng)(`issueText.${key}`));
    assert.equal(new Set(said).size, 4, `${name}: ${said.join(' | ')}`);
    assert.ok(!said.some((x) => x.startsWith('issueText.')), name);
  }
});

test('a range whose end comes before its start names its rule and its two fields, and is worded as such', async () => {
  const { AuditQuery, BeneficiaryListQuery } = await import('@corridor/contracts');
  const audit = issuesOf(AuditQuery, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
  assert.deepEqual(
    audit.map((i) => i.params),
    [{ rule: 'not_before', start: 'from', end: 'to' }],
  );
  const born = issuesOf(BeneficiaryListQuery, { dobFrom: '1990-01-01', dobTo: '1980-01-01' });
  assert.deepEqual(
    born.map((i) => i.params),
    [{ rule: 'not_before', start: 'dobFrom', end: 'dobTo' }],
  );
  for (const issue of [...audit, ...born])
    assert.deepEqual(wordedIssue(issue), { key: 'notBefore', values: { n: '' } });
});

test('a format or a list of values without a wording of its own is left to the server’s words', () => {
  assert.equal(wordedIssue({ code: 'invalid_format', message: 'must be base64', params: { format: 'regex' } }), null);
  assert.equal(wordedIssue({ code: 'invalid_value', message: 'expected one of 40 codes' }), null);
});

test('a period range longer than a table may have is worded with its limit, in every language', async () => {
  const issue: FieldIssue = {
    code: 'custom',
    message: 'at most 120 periods',
    params: { rule: 'period_count', max: 120 },
  };
  assert.deepEqual(wordedIssue(issue), { key: 'periodCount', values: { n: '120' } });
  for (const [lng, words] of [
    ['en', en],
    ['fr', fr],
    ['es', es],
    ['ar', ar],
  ] as const) {
    const i = i18next.createInstance();
    await i.init({ lng, resources: { [lng]: { translation: words } } });
    const said = i.t('issueText.periodCount', { n: '120' });
    assert.ok(said.includes('120') && !said.includes('issueText'), `${lng}: ${said}`);
  }
});
