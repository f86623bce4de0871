// The certification workflow's refusals are read back from the server's fixed sentences (recruitment.service.ts,
// asserted word for word by recruitment.integration.test.ts), with the criteria they name kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Problem } from '@corridor/contracts';
import { refusalOf } from './refusals.ts';

const problem = (detail: string, code = 'invalid_transition'): Problem =>
  ({ type: 'about:blank', title: 'x', status: 409, code, detail }) as Problem;

test('known refusals become a key and the criteria they name; anything else is left to the shared wording', () => {
  assert.deepEqual(
    refusalOf(
      problem('No certificate while a major finding is open: 2.1. Its corrective action must be verified first.'),
    ),
    { key: 'majorFindingOpen', criteria: '2.1' },
  );
  assert.deepEqual(
    refusalOf(problem('Every minor finding needs a corrective action plan with a deadline first: A.1, 3.4.')),
    { key: 'minorWithoutPlan', criteria: 'A.1, 3.4' },
  );
  assert.deepEqual(refusalOf(problem('A major finding is still open: 5.2.')), {
    key: 'majorStillOpen',
    criteria: '5.2',
  });
  for (const d of [
    'The certificate has expired; the recruiter must apply again.',
    'The certificate has expired meanwhile; the recruiter must apply again.',
    'The certificate has already expired.',
  ])
    assert.deepEqual(refusalOf(problem(d)), { key: 'certificateExpired', criteria: null }, d);
  assert.deepEqual(
    refusalOf(
      problem(
        'A surveillance audit of this recruiter is already scheduled; complete it before scheduling another.',
        'conflict',
      ),
    ),
    { key: 'surveillanceOpen', criteria: null },
  );
  // A sentence the page does not know, a list that is not of criteria codes, or another kind of problem: not read.
  assert.equal(refusalOf(problem('Only a suspended certification is reinstated; this one is certified.')), null);
  assert.equal(refusalOf(problem('A major finding is still open: anything at all.')), null);
  assert.equal(refusalOf(problem('The certificate has already expired.', 'validation_failed')), null);
  assert.equal(refusalOf(null), null);
});
