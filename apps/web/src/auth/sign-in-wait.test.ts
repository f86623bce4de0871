// A refused sign-in says how long to wait in the page's language; the account forms word the rules of names and of
// the platform administrator role in every language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateUser, UpdateUser } from '@corridor/contracts';
import i18next from 'i18next';
import { validate } from '../admin/validate.ts';
import { wordedIssue } from '../api/issue-words.ts';
import { ar } from '../i18n/ar.ts';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { fr } from '../i18n/fr.ts';
import { minutesToWait, withWaitWorded } from './sign-in-wait.ts';

const i18n = i18next.createInstance();
await i18n.init({
  lng: 'en',
  resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es }, ar: { translation: ar } },
});
const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;

const refused = (detail: string, retryAfter?: number) => ({
  type: 'urn:corridor:problem:rate_limited',
  title: 'Too many requests',
  status: 429,
  code: 'rate_limited',
  detail,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

test('a refused sign-in is worded with the minutes to wait, in every language', () => {
  // The server's problem (auth.service.ts signInWait, http/problem.ts): the seconds to wait in `retryAfter`, whatever
  // the sentence says.
  const problem = refused('Too many failed sign-ins; wait 15 minutes and try again.', 900);
  assert.equal(minutesToWait(problem), 15);
  assert.equal(minutesToWait(refused('Trop de tentatives.', 841)), 15);
  assert.equal(minutesToWait(refused('Too many failed sign-ins; wait 1 minute and try again.', 12)), 1);
  assert.equal(minutesToWait(refused('Too many failed sign-ins; wait 15 minutes and try again.')), null);
  const said = LANGUAGES.map((lng) => withWaitWorded(problem, i18n.getFixedT(lng), lng).detail ?? '');
  assert.equal(said[0], 'Too many failed sign-ins. Wait 15 min and try again.');
  assert.equal(new Set(said).size, 4, said.join(' | '));
  for (const [k, s] of said.entries()) assert.ok(/15|١٥/.test(s), `${LANGUAGES[k]}: ${s}`);
  // Any other problem, or a limit that names no wait, is left as it is.
  const other = { ...problem, code: 'invalid_credentials', status: 401 };
  assert.equal(withWaitWorded(other, i18n.getFixedT('fr'), 'fr'), other);
  const vague = refused('Too many attempts; wait before trying again.');
  assert.equal(withWaitWorded(vague, i18n.getFixedT('fr'), 'fr'), vague);
});

test('a display name with a text-direction or control character is refused on its field, worded in every language', () => {
  for (const name of ['Amina\u202EYusuf', 'Amina\u2066Yusuf', 'Amina\u200FYusuf', 'Amina\u0007Yusuf', 'A\u0085B']) {
    const checked = validate(UpdateUser, { displayName: name });
    assert.equal(checked.ok, false, JSON.stringify(name));
    const issue = checked.ok ? undefined : checked.problem.errors?.[0];
    assert.equal(issue?.pointer, '/displayName');
    assert.equal(issue && wordedIssue(issue)?.key, 'plainText');
  }
  // Names in any script, joiners included, are plain text.
  for (const name of ['أمينة يوسف', 'Zoë O’Neill', 'می‌خواهم', 'क्‍ष']) {
    assert.equal(validate(UpdateUser, { displayName: name }).ok, true, name);
  }
  const create = validate(CreateUser, {
    email: 'a@test.corridor.invalid',
    displayName: 'x\u202Ay',
    roles: ['analyst'],
    password: 'Tq8!zLw#4mPv9Rk2-corridor',
  });
  assert.equal(create.ok ? null : create.problem.errors?.[0]?.pointer, '/displayName');
  for (const key of ['plainText', 'platformGrant', 'platformOrganisation'] as const) {
    const said = LANGUAGES.map((lng) => i18n.getFixedT(lng)(`issueText.${key}`));
    assert.equal(new Set(said).size, 4, said.join(' | '));
    assert.ok(!said.some((s) => s.startsWith('issueText.')), key);
  }
  assert.deepEqual(
    wordedIssue({ code: 'custom', message: 'x', params: { rule: 'platform_organisation' } })?.key,
    'platformOrganisation',
  );
});
