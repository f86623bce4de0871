import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extend, withField } from './objects.ts';

test('withField adds the field to the object it is given and returns that object', () => {
  const row = { id: 'u1', role: 'admin', version: 3 };
  const { role: _role, ...user } = row;
  const out = withField(user, 'roles', ['admin', 'analyst']);
  assert.equal(out, user);
  assert.deepEqual(out, { id: 'u1', version: 3, roles: ['admin', 'analyst'] });
  assert.deepEqual(Object.keys(out), ['id', 'version', 'roles']);
  assert.equal(row.role, 'admin');
});

test('withField replaces a field the object already has', () => {
  const o = withField({ a: 1, b: 2 }, 'b', 'two');
  assert.deepEqual(o, { a: 1, b: 'two' });
});

test('extend copies the base and lets the extra fields win, leaving both inputs alone', () => {
  const base = { id: 'p1', person_no: 0, name: 'A' };
  const extra = { person_no: 42, name_key_hashes: 'k' };
  const out = extend(base, extra);
  assert.deepEqual(out, { id: 'p1', person_no: 42, name: 'A', name_key_hashes: 'k' });
  assert.notEqual(out, base);
  assert.deepEqual(base, { id: 'p1', person_no: 0, name: 'A' });
  assert.deepEqual(extra, { person_no: 42, name_key_hashes: 'k' });
});
