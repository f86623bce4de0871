// The consent panel offers a withdrawal only for what is granted now (the server refuses the rest), and says what a
// withdrawal changes only where it changes something at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsentState } from '@corridor/contracts';
import { en } from '../i18n/case-work/en.ts';
import { recordedMessage, withdrawable } from './consent-panel.tsx';

const PARTNER = '3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f';
const OTHER = '6a1b2c3d-4e5f-4a1b-8c2d-3e4f5a6b7c8d';
const state = (purpose: ConsentState['purpose'], status: ConsentState['status'], recipient: string | null = null) =>
  ({
    purpose,
    recipientOrganisationId: recipient,
    status,
    basis: 'consent',
    since: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    eventId: '00000000-0000-4000-8000-000000000001',
  }) satisfies ConsentState;

test('only purposes and referral recipients with a grant in force can be withdrawn', () => {
  assert.deepEqual(withdrawable([]), { purposes: [], recipients: new Set() });
  const w = withdrawable([
    state('statistics', 'withdrawn'),
    state('tracing', 'expired'),
    state('assistance', 'granted'),
    state('referral', 'granted', PARTNER),
    state('referral', 'withdrawn', OTHER),
  ]);
  assert.deepEqual(w.purposes, ['assistance', 'referral']);
  assert.deepEqual([...w.recipients], [PARTNER]);
});

test('a withdrawal says partners lose access only for a referral', () => {
  assert.equal(recordedMessage('grant', 'referral'), 'consent.granted');
  assert.equal(recordedMessage('withdraw', 'referral'), 'consent.withdrawnReferral');
  assert.equal(recordedMessage('withdraw', 'statistics'), 'consent.withdrawnStatistics');
  for (const purpose of ['assistance', 'tracing', 'publication'] as const)
    assert.equal(recordedMessage('withdraw', purpose), 'consent.withdrawn', purpose);
  assert.doesNotMatch(en.consent.withdrawn, /[Pp]artner/);
  assert.doesNotMatch(en.consent.withdrawnStatistics, /[Pp]artner/);
  assert.match(en.consent.withdrawnReferral, /Partners lose access/);
});
