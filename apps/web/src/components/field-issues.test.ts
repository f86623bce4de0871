// A field's issues as the field shows them: the entries of a list typed in one field are named, and the same words
// are said once, whether the form groups its issues by first field (splitIssues) or by path (issuesByPath).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Problem } from '@corridor/contracts';
import { issuesByPath } from '../api/issues.ts';
import { splitIssues } from '../api/problem.ts';
import { groupedIssues } from './fields.tsx';

const problem = (errors: Problem['errors']): Problem =>
  ({ type: 'about:blank', title: 'x', status: 400, code: 'validation_failed', errors }) as Problem;

const LANGUAGE = { pattern: 'language' };
const languages = problem([
  {
    location: 'body',
    pointer: '/languages/0',
    message: 'not a language code',
    code: 'invalid_format',
    params: LANGUAGE,
  },
  {
    location: 'body',
    pointer: '/languages/2',
    message: 'not a language code',
    code: 'invalid_format',
    params: LANGUAGE,
  },
  { location: 'body', pointer: '/languages', message: 'at most 10', code: 'too_big' },
  { location: 'body', pointer: '/phone', message: 'bad phone', code: 'invalid_format' },
]);

test('the entries of a list an issue is about are named, and its words are said once', () => {
  for (const byField of [
    splitIssues(languages, ['languages', 'phone']).byField,
    issuesByPath(languages, ['languages', 'phone']).byKey,
  ]) {
    const shown = groupedIssues(byField.languages ?? [], ['english', 'ar', 'xx1']);
    assert.deepEqual(
      shown.map((g) => [g.entries, g.issue.message]),
      [
        [['english', 'xx1'], 'not a language code'],
        [[], 'at most 10'],
      ],
    );
    assert.deepEqual(
      groupedIssues(byField.phone ?? []).map((g) => [g.entries, g.issue.message]),
      [[[], 'bad phone']],
    );
  }
});

test('without the entries, the same words are still said once; a nested path is no entry of its field', () => {
  assert.deepEqual(
    groupedIssues(splitIssues(languages, ['languages']).byField.languages ?? []).map((g) => [
      g.entries,
      g.issue.message,
    ]),
    [
      [[], 'not a language code'],
      [[], 'at most 10'],
    ],
  );
  const nested = problem([
    { location: 'body', pointer: '/documents/1/number', message: 'required', code: 'invalid_type' },
  ]);
  assert.equal(splitIssues(nested, ['documents']).byField.documents?.[0]?.index, undefined);
  assert.equal(issuesByPath(nested, ['documents.1']).byKey['documents.1']?.[0]?.index, undefined);
  assert.equal(issuesByPath(nested, ['documents']).byKey.documents?.[0]?.index, undefined);
});
