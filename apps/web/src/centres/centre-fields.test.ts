// A refused centre form names each field of its issues in the page's language: a day of the opening hours, a
// service's slot length or places by the service's name; never the body's own names (openingHours, slotMinutes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Problem } from '@corridor/contracts';
import { type CentreFieldWords, centreFieldName, centreIssues } from './centre-fields.ts';
import { ar } from './messages/ar.ts';
import { en } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';

const wordsOf = (m: typeof en): CentreFieldWords => ({
  field: (f) => (f === 'openingHours' ? m.centres.hours : m.centres[f]),
  weekday: (d) => m.centres.weekdays[d],
  service: (s) => `<${s}>`,
  of: (whole, part) => m.centres.fieldOf.replace('{{whole}}', whole).replace('{{part}}', part),
});

test('each pointer of a centre body is named by the form’s words', () => {
  const w = wordsOf(en);
  const sent = ['visa_application_support', 'document_check'];
  const name = (p: string) => centreFieldName(p, sent, w);
  assert.equal(name('/name'), 'Name');
  assert.equal(name('/timeZone'), 'Time zone');
  assert.equal(name('/openingHours'), 'Opening hours');
  assert.equal(name('/openingHours/mon'), 'Opening hours — Mon');
  assert.equal(name('/openingHours/tue/0/1'), 'Opening hours — Tue');
  assert.equal(name('/services'), 'Services');
  assert.equal(name('/services/1'), '<document_check>');
  assert.equal(name('/services/1/slotMinutes'), '<document_check> — Slot length (minutes)');
  assert.equal(name('/services/0/seatsPerSlot'), '<visa_application_support> — Places per slot');
  assert.equal(name('/services/7/seatsPerSlot'), 'Services');
  assert.equal(name('/publicBooking'), 'Migrants may book on the public page');
  assert.equal(name('/unknownField'), undefined);
});

test('a problem’s issues carry worded fields, once each, in every language', () => {
  const problem: Problem = {
    type: 'about:blank',
    title: 'x',
    status: 400,
    code: 'validation_failed',
    errors: [
      {
        location: 'body',
        pointer: '/openingHours/mon',
        message: 'overlap',
        code: 'custom',
        params: { rule: 'no_overlap' },
      },
      {
        location: 'body',
        pointer: '/openingHours/mon',
        message: 'overlap',
        code: 'custom',
        params: { rule: 'no_overlap' },
      },
      {
        location: 'body',
        pointer: '/services/0/slotMinutes',
        message: 'fits',
        code: 'custom',
        params: { rule: 'fits_period' },
      },
    ],
  };
  for (const m of [en, fr, es, ar]) {
    const issues = centreIssues(problem, ['health_assessment'], wordsOf(m));
    assert.equal(issues.length, 2);
    for (const i of issues) {
      assert.ok(i.field, 'named');
      assert.doesNotMatch(i.field!, /openingHours|slotMinutes|\bmon\b/);
    }
    assert.ok(issues[1]!.field!.includes(m.centres.slotMinutes));
    assert.ok(issues[0]!.field!.includes(m.centres.weekdays.mon));
  }
  assert.deepEqual(centreIssues(null, [], wordsOf(en)), []);
});
