// The certification workflow's refusals are read back from the server's fixed sentences (recruitment.service.ts,
// asserted word for word by recruitment.integration.test.ts), with the criteria or the status they name kept.
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
    { key: 'majorFindingOpen', criteria: '2.1', status: null },
  );
  assert.deepEqual(
    refusalOf(problem('Every minor finding needs a corrective action plan with a deadline first: A.1, 3.4.')),
    { key: 'minorWithoutPlan', criteria: 'A.1, 3.4', status: null },
  );
  assert.deepEqual(refusalOf(problem('A major finding is still open: 5.2.')), {
    key: 'majorStillOpen',
    criteria: '5.2',
    status: null,
  });
  for (const d of [
    'The certificate has expired; the recruiter must apply again.',
    'The certificate has expired meanwhile; the recruiter must apply again.',
    'The certificate has already expired.',
  ])
    assert.deepEqual(refusalOf(problem(d)), { key: 'certificateExpired', criteria: null, status: null }, d);
  assert.deepEqual(
    refusalOf(
      problem(
        'A surveillance audit of this recruiter is already scheduled; complete it before scheduling another.',
        'conflict',
      ),
    ),
    { key: 'surveillanceOpen', criteria: null, status: null },
  );
  assert.deepEqual(
    refusalOf(
      problem(
        'An audit for cause of this recruiter is already requested or scheduled; complete it before requesting another.',
        'conflict',
      ),
    ),
    { key: 'forCauseOpen', criteria: null, status: null },
  );
  // A sentence the page does not know, a list that is not of criteria codes, or another kind of problem: not read.
  assert.equal(refusalOf(problem('The certification changed meanwhile; reload and try again.')), null);
  assert.equal(refusalOf(problem('A major finding is still open: anything at all.')), null);
  assert.equal(refusalOf(problem('The certificate has already expired.', 'validation_failed')), null);
  assert.equal(refusalOf(null), null);
});

test('a refusal that names a status keeps its code and the words it is said with, not the English word', () => {
  const status = (detail: string) => {
    const r = refusalOf(problem(detail));
    return r && [r.key, r.status?.words, r.status?.value];
  };
  assert.deepEqual(status('Only a suspended certification is reinstated; this one is withdrawn.'), [
    'reinstateSuspendedOnly',
    'statuses',
    'withdrawn',
  ]);
  assert.deepEqual(status('Only a certified recruiter is suspended; this certification is in_audit.'), [
    'suspendCertifiedOnly',
    'statuses',
    'in_audit',
  ]);
  assert.deepEqual(
    status(
      'The recruiter already has a certification that is self_assessed; a new application is possible once it is refused, withdrawn or expired.',
    ),
    ['applicationOpen', 'statuses', 'self_assessed'],
  );
  assert.deepEqual(
    status('A certification is refused before a decision and outside an audit in progress; this one is certified.'),
    ['refuseBeforeDecision', 'statuses', 'certified'],
  );
  assert.deepEqual(status('Only a scheduled audit is completed; this audit is completed.'), [
    'completeScheduledOnly',
    'auditStatuses',
    'completed',
  ]);
  assert.deepEqual(status('Evidence follows a planned corrective action; this finding is action_submitted.'), [
    'evidenceAfterPlan',
    'findingStatuses',
    'action_submitted',
  ]);
  // Every sentence with a status the service writes is known.
  for (const d of [
    'The self-assessment is submitted once, right after applying; this certification is audited.',
    'An initial audit follows the self-assessment; this certification is applied.',
    'A surveillance audit is for a certified or suspended recruiter; this certification is refused.',
    'A certificate is granted after the initial audit is completed; this certification is in_audit.',
    'Only a certified or suspended certification is withdrawn; this one is withdrawn.',
    'Only a requested audit is assigned; this audit is scheduled.',
    'Findings are recorded during the audit; this audit is requested.',
    'A corrective action is planned for an open finding; this finding is closed.',
    'Only a submitted corrective action is verified; this finding is open.',
  ])
    assert.ok(refusalOf(problem(d))?.status, d);
  // A status of another vocabulary, or none the page knows: the server's words are shown instead.
  assert.equal(refusalOf(problem('Only a scheduled audit is completed; this audit is certified.')), null);
  assert.equal(refusalOf(problem('Only a certified recruiter is suspended; this certification is dormant.')), null);
});
