// Every purpose the server records in the audit log has words in each language (not a raw code on screen).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ar } from '../i18n/case-work/ar.ts';
import { en } from '../i18n/case-work/en.ts';
import { es } from '../i18n/case-work/es.ts';
import { fr } from '../i18n/case-work/fr.ts';
import { AUDIT_PURPOSES, isAuditPurpose } from './audit-purposes.ts';

test('every audit purpose the server records is worded in all four languages', () => {
  // The purposes the server's writers name as literals besides the contracts' lists.
  for (const p of ['subject_rights', 'grievance', 'retention', 'record_linkage', 'assistance', 'referral'])
    assert.ok(isAuditPurpose(p), p);
  assert.equal(isAuditPurpose('marketing'), false);
  for (const [lng, messages] of Object.entries({ en, fr, es, ar })) {
    const words: Record<string, string> = messages.purposes;
    for (const p of AUDIT_PURPOSES) assert.ok(words[p]?.trim(), `${lng}: purposes.${p}`);
  }
});
