// A row's problems carry a code a client can word in its own language, whatever refused the row: a field's
// validation, a service's rule, or the database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DomainError } from '../errors.ts';
import { RowFailure, rowFailureOf } from './row-failure.ts';

const noColumn = () => null;

test("a service's refusal without field issues keeps its error code and its sentence", () => {
  const failure = rowFailureOf(
    new DomainError('invalid_transition', 'The case is closed; reopen it to change its records.'),
    noColumn,
  );
  assert.deepEqual(failure.issues, [
    { column: null, message: 'The case is closed; reopen it to change its records.', issue: 'invalid_transition' },
  ]);
  assert.equal(failure.halt, false, 'a refusal of the service leaves the transaction usable');
});

test('field issues keep their own codes and parameters, named by column', () => {
  const failure = rowFailureOf(
    new DomainError('validation_failed', 'Some fields are not valid; see errors.', {
      errors: [
        { location: 'body', pointer: '/sex', message: 'Invalid option', code: 'invalid_value' },
        { location: 'body', pointer: '/name', message: 'Too long', code: 'too_big', params: { maximum: 200 } },
      ],
    }),
    (pointer) => (pointer === '/sex' ? 'prs_Gender' : 'prs_FirstName'),
  );
  assert.deepEqual(failure.issues, [
    { column: 'prs_Gender', message: 'Invalid option', issue: 'invalid_value' },
    { column: 'prs_FirstName', message: 'Too long', issue: 'too_big', params: { maximum: 200 } },
  ]);
});

test("the database's refusal becomes the catalogue's code, and halts the import", () => {
  const db = new Database(':memory:');
  db.exec('create table t (k text primary key)');
  db.prepare('insert into t values (?)').run('a');
  let err: unknown;
  try {
    db.prepare('insert into t values (?)').run('a');
  } catch (e) {
    err = e;
  }
  db.close();
  const failure = rowFailureOf(err, noColumn);
  assert.equal(failure.issues.length, 1);
  assert.equal(failure.issues[0]!.issue, 'conflict');
  assert.equal(failure.halt, true);
});

test('anything else is not a row problem: it is thrown again', () => {
  const bug = new TypeError('not a refusal');
  assert.throws(
    () => rowFailureOf(bug, noColumn),
    (e) => e === bug,
  );
  const already = new RowFailure([{ column: 'x', message: 'm', issue: 'required' }]);
  assert.equal(rowFailureOf(already, noColumn), already);
});
