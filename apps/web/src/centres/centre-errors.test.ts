// The centre page words a refusal by its reason in the page's language (the server's detail is one of the contracts'
// fixed sentences), offers check-in and no-show only when the server would take them, and moves an appointment to
// the free slots of its service only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APPOINTMENT_REFUSALS, type AppointmentRefusal, type Problem } from '@corridor/contracts';
import { appointmentSteps, moveTargets } from './appointment-actions.ts';
import { centreProblemKey } from './centre-errors.ts';
import { ar } from './messages/ar.ts';
import { en } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';

const problem = (code: string, detail?: string): Problem => ({
  type: 'about:blank',
  title: 'x',
  status: 409,
  code,
  ...(detail ? { detail } : {}),
});

test('a refusal whose detail names a reason is worded by that reason, in every language', () => {
  for (const [reason, detail] of Object.entries(APPOINTMENT_REFUSALS) as [AppointmentRefusal, string][]) {
    const code =
      reason === 'check_in_not_today' || reason === 'no_show_too_early' ? 'invalid_transition' : 'slot_unavailable';
    assert.deepEqual(centreProblemKey(problem(code, detail)), { key: `refusals.${reason}`, code });
    for (const m of [en, fr, es, ar]) assert.ok(m.centres.refusals[reason]?.trim(), reason);
  }
  // The two the walkthrough met: a check-in on a later day and a no-show before the slot.
  assert.equal(
    centreProblemKey(problem('invalid_transition', 'A person is checked in on the day of the appointment only.'))?.key,
    'refusals.check_in_not_today',
  );
  assert.notEqual(fr.centres.refusals.no_show_too_early, en.centres.refusals.no_show_too_early);
});

test('a refusal without a known reason keeps its code’s sentence; other problems go to the shared wording', () => {
  const state = problem('invalid_transition', 'An appointment that is cancelled cannot be checked in.');
  assert.deepEqual(centreProblemKey(state), { key: 'errors.invalid_transition', code: 'invalid_transition' });
  assert.deepEqual(centreProblemKey(problem('slot_full', APPOINTMENT_REFUSALS.day_closed)), {
    key: 'errors.slot_full',
    code: 'slot_full',
  });
  assert.equal(centreProblemKey(problem('validation_failed')), null);
  assert.equal(centreProblemKey(null), null);
});

test('check-in is offered on the appointment’s day only; a no-show from then on, disabled until the slot begins', () => {
  const a = { status: 'booked' as const, day: '2026-06-08', startsAt: '2026-06-08T05:00:00.000Z' };
  const steps = (today: string, now: string) =>
    appointmentSteps(a, today, Date.parse(now)).map((x) => `${x.step}${x.disabled ? ' (disabled)' : ''}`);
  assert.deepEqual(steps('2026-06-07', '2026-06-07T09:00:00Z'), ['cancel']);
  assert.deepEqual(steps('2026-06-08', '2026-06-08T04:50:00Z'), ['check-in', 'no-show (disabled)', 'cancel']);
  assert.deepEqual(steps('2026-06-08', '2026-06-08T05:00:00Z'), ['check-in', 'no-show', 'cancel']);
  assert.deepEqual(steps('2026-06-09', '2026-06-09T09:00:00Z'), ['no-show', 'cancel']);
  assert.deepEqual(
    appointmentSteps({ ...a, status: 'checked_in' }, '2026-06-08', 0).map((x) => x.step),
    ['served'],
  );
  assert.deepEqual(appointmentSteps({ ...a, status: 'cancelled' }, '2026-06-08', 0), []);
  // On a day the centre has closed, nobody is checked in nor marked no-show (the server refuses both as day_closed):
  // they are to be moved, or cancelled; a later day's look back at a closed day offers no no-show either.
  assert.deepEqual(
    appointmentSteps(a, '2026-06-08', Date.parse('2026-06-08T05:00:00Z'), true).map((x) => x.step),
    ['cancel'],
  );
  assert.deepEqual(
    appointmentSteps(a, '2026-06-09', Date.parse('2026-06-09T09:00:00Z'), true).map((x) => x.step),
    ['cancel'],
  );
  assert.equal(
    centreProblemKey(problem('invalid_transition', APPOINTMENT_REFUSALS.day_closed))?.key,
    'refusals.day_closed',
  );
});

test('an appointment moves only to a free slot of its service that has not begun, and not to its own', () => {
  const a = { service: 'document_check' as const, day: '2026-06-08', start: '08:00' };
  const slot = (service: 'document_check' | 'health_assessment', start: string, booked: number) => ({
    service,
    start,
    startsAt: `2026-06-08T${String(Number(start.slice(0, 2)) - 3).padStart(2, '0')}:${start.slice(3)}:00.000Z`,
    capacity: 2,
    booked,
  });
  const slots = [
    slot('document_check', '08:00', 1),
    slot('document_check', '08:30', 0),
    slot('document_check', '09:00', 2),
    slot('health_assessment', '09:30', 0),
    slot('document_check', '10:00', 0),
  ];
  const at = (now: string, day = '2026-06-08', closed: string | null = null) =>
    moveTargets(a, { day, closed, slots }, Date.parse(now)).map((s) => s.start);
  assert.deepEqual(at('2026-06-07T12:00:00Z'), ['08:30', '10:00']);
  assert.deepEqual(at('2026-06-08T06:00:00Z'), ['10:00']); // 09:00 in Baghdad: 08:30 has begun
  assert.deepEqual(at('2026-06-07T12:00:00Z', '2026-06-09'), ['08:00', '08:30', '10:00']); // another day: its 08:00 too
  assert.deepEqual(at('2026-06-07T12:00:00Z', '2026-06-08', 'Holiday'), []);
});
