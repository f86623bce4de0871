// A form that marks no field lists every issue of a problem under its message, each named by the form's label of the
// field (the field's own label inside an object or a list), each once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Problem } from '@corridor/contracts';
import { allIssues, asSentence } from './problem-message.tsx';

const problem = (errors: Problem['errors']): Problem =>
  ({ type: 'about:blank', title: 'x', status: 400, code: 'validation_failed', errors }) as Problem;

test('every issue is listed once, named by the form’s labels', () => {
  const issues = allIssues(
    problem([
      { location: 'body', pointer: '/contact/phone', message: 'bad phone', code: 'invalid_format' },
      { location: 'body', pointer: '/legs/0/arrivesAt', message: 'must be after departsAt', code: 'custom' },
      { location: 'body', pointer: '/legs/0/arrivesAt', message: 'must be after departsAt', code: 'custom' },
      { location: 'body', pointer: '/body', message: 'required', code: 'invalid_type' },
      { location: 'headers', pointer: '/if-match', message: 'required', code: 'invalid_type' },
    ]),
    { phone: 'Phone', arrivesAt: 'Arrives', body: 'Message' },
  );
  assert.deepEqual(
    issues.map((i) => [i.field, i.message]),
    [
      ['Phone', 'bad phone'],
      ['Arrives', 'must be after departsAt'],
      ['Message', 'required'],
      [undefined, 'required'],
    ],
  );
  // Without labels, the field as the API names it (its first segment).
  assert.equal(
    allIssues(problem([{ location: 'body', pointer: '/contact/phone', message: 'x', code: 'custom' }]))[0]?.field,
    'contact',
  );
  assert.deepEqual(allIssues(problem(undefined)), []);
});

test('the server’s words of an issue read as a sentence in English', () => {
  assert.equal(
    asSentence('must be 2-40 capital letters, digits or hyphens'),
    'Must be 2-40 capital letters, digits or hyphens.',
  );
  assert.equal(asSentence('Already a sentence.'), 'Already a sentence.');
  assert.equal(asSentence(' is it? '), 'Is it?');
  assert.equal(asSentence(''), '');
});
