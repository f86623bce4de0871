// The check of a form's body against the contract before it is sent: letters typed where a number goes (NaN) are
// reported as "must be a number", worded in the page's language, never with zod's type names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { wordedIssue } from '../api/issue-words.ts';
import { validate } from './validate.ts';

const Body = z.object({ valueMinor: z.number().int().min(0).nullable(), people: z.number().int() });

test('a number field given letters (NaN) asks for a number, worded by the interface', () => {
  const r = validate(Body, { valueMinor: Number.NaN, people: 3 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.problem.errors, [
    {
      location: 'body',
      pointer: '/valueMinor',
      message: 'must be a number, written in digits',
      code: 'custom',
      params: { rule: 'number' },
    },
  ]);
  assert.deepEqual(wordedIssue(r.problem.errors![0]!), { key: 'number', values: { n: '' } });
});

test('other problems keep their own words: a missing value is required, a negative one is below its limit', () => {
  const r = validate(Body, { valueMinor: -1 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.problem.errors?.map((e) => [e.pointer, e.code]),
    [
      ['/valueMinor', 'too_small'],
      ['/people', 'required'],
    ],
  );
  assert.deepEqual(validate(Body, { valueMinor: null, people: 2 }), {
    ok: true,
    data: { valueMinor: null, people: 2 },
  });
});

test('a field left empty that a cross-field rule also requires is said to be required once', () => {
  const Consent = z
    .object({ purpose: z.string(), recipient: z.uuid().optional() })
    .refine((v) => v.purpose !== 'referral' || !!v.recipient, {
      path: ['recipient'],
      message: 'required for a referral',
      params: { rule: 'required' },
      // Also when the field's own check failed (as the contracts' cross-field rules do).
      when: () => true,
    });
  const empty = validate(Consent, { purpose: 'referral', recipient: '' });
  assert.equal(empty.ok, false);
  if (empty.ok) return;
  assert.deepEqual(
    empty.problem.errors?.map((e) => [e.pointer, e.code]),
    [['/recipient', 'required']],
  );
  // Without the field's own issue, the rule's is kept.
  const absent = validate(Consent, { purpose: 'referral' });
  assert.equal(absent.ok, false);
  if (absent.ok) return;
  assert.deepEqual(
    absent.problem.errors?.map((e) => [e.pointer, e.code, e.params?.rule]),
    [['/recipient', 'custom', 'required']],
  );
});
