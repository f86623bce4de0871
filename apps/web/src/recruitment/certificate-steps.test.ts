// The steps the recruiter page offers on a certificate follow the server's refusals (recruitment.service.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecruiterDetail } from '@corridor/contracts';
import { certificateSteps } from './certificate-steps.ts';

type Certification = RecruiterDetail['certifications'][number];
type Audit = RecruiterDetail['audits'][number];

const now = new Date('2026-12-01T12:00:00Z');
const cert = (status: string, expiresAt: string | null, expired = false) =>
  ({ status, expiresAt, expired }) as unknown as Certification;
const surveillance = (status: string) => ({ kind: 'surveillance', status }) as unknown as Audit;
const AHEAD = '2027-06-01T00:00:00.000Z';
const PAST = '2026-11-30T00:00:00.000Z';

test('a surveillance audit is offered for a live certificate still before its expiry date, one at a time', () => {
  assert.deepEqual(certificateSteps(cert('certified', AHEAD), [], now), {
    live: true,
    surveillance: true,
    surveillanceOpen: false,
    reinstate: false,
    suspendedPastExpiry: false,
  });
  assert.equal(certificateSteps(cert('suspended', AHEAD), [], now).reinstate, true);
  assert.equal(certificateSteps(cert('suspended', AHEAD), [], now).surveillance, true);
  const open = certificateSteps(cert('certified', AHEAD), [surveillance('scheduled')], now);
  assert.deepEqual([open.surveillance, open.surveillanceOpen], [false, true]);
  assert.equal(certificateSteps(cert('certified', AHEAD), [surveillance('completed')], now).surveillance, true);
});

test('past its expiry date no surveillance audit nor reinstatement is offered; a suspended one may still be withdrawn', () => {
  assert.deepEqual(certificateSteps(cert('certified', PAST, true), [], now), {
    live: false,
    surveillance: false,
    surveillanceOpen: false,
    reinstate: false,
    suspendedPastExpiry: false,
  });
  assert.deepEqual(certificateSteps(cert('suspended', PAST), [], now), {
    live: true,
    surveillance: false,
    surveillanceOpen: false,
    reinstate: false,
    suspendedPastExpiry: true,
  });
  assert.equal(certificateSteps(cert('suspended', PAST), [surveillance('requested')], now).surveillanceOpen, false);
  assert.equal(certificateSteps(cert('self_assessed', null), [], now).surveillance, false);
  assert.equal(certificateSteps(undefined, [], now).live, false);
});
