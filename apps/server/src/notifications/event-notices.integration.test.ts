// The notices staff get the moment something needs them (referral-notices.ts, case-notices.ts): a referral
// received, answered, assigned or closed; a case assigned, a closure asked for and decided, a task given. Who gets
// each, who does not (the one who did it, other organisations, colleagues not let into a sensitive record), and
// that neither the notice nor its e-mail copy carries a name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  callAt,
  forms,
  openCase,
  personWithAssistanceBasis,
  recordBasis,
  type Staff,
} from '../cases/cases.fixtures.ts';
import { referralReference } from '../referrals/referral-notices.ts';
import { noticeEmail } from './notice-email.ts';

type Item = { kind: string; link: string | null; subject: { type: string; id: string; reference: string | null } };

for (const { engine, skip } of engines()) {
  describe(`notices of what happens to referrals and cases (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgA: string;
    let orgB: string;
    let a: Staff; // caseworker of the referring organisation
    let aSup: Staff; // supervisor there
    let aSup2: Staff; // another supervisor there
    let a2: Staff; // another caseworker there
    let b: Staff; // caseworker of the receiving organisation
    let bSup: Staff; // supervisor there
    let outsider: Staff; // caseworker and supervisor of an unrelated organisation
    before(async () => {
      t = await startTestApp(engine);
      orgA = (await buildOrganisation(t, { name: 'Referring NGO' })).id;
      orgB = (await buildOrganisation(t, { name: 'Shelter partner' })).id;
      const orgC = (await buildOrganisation(t, { name: 'Unrelated agency' })).id;
      a = await buildStaff(t, orgA, ['caseworker']);
      aSup = await buildStaff(t, orgA, ['supervisor']);
      aSup2 = await buildStaff(t, orgA, ['supervisor']);
      a2 = await buildStaff(t, orgA, ['caseworker']);
      b = await buildStaff(t, orgB, ['caseworker']);
      bSup = await buildStaff(t, orgB, ['supervisor']);
      outsider = await buildStaff(t, orgC, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    /** The caller's notifications, newest first, marking them all read so the next look sees only what is new. */
    const fresh = async (who: Staff): Promise<Item[]> => {
      const r = await call(t, who, 'GET', '/api/notifications?unread=true&limit=100');
      assert.equal(r.statusCode, 200, r.body);
      const items = (r.json() as { items: Item[] }).items;
      if (items.length)
        assert.equal((await call(t, who, 'POST', '/api/notifications/read', { all: true })).statusCode, 200);
      return items;
    };
    const kinds = async (who: Staff) => (await fresh(who)).map((i) => i.kind);
    const everyone = () => [a, aSup, aSup2, a2, b, bSup, outsider];
    const clear = async () => {
      for (const s of everyone()) await fresh(s);
    };

    async function caseReadyToRefer(form: Record<string, unknown>, name: string) {
      const personId = await personWithAssistanceBasis(t, a, { nameLatin: name });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgB });
      return openCase(t, a, personId, form);
    }
    const refer = async (caseId: string) => {
      const r = await call(t, a, 'POST', `/api/cases/${caseId}/referrals`, {
        toOrganisationId: orgB,
        serviceType: 'accommodation',
        reason: 'AdditionalServicesRequired',
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as { id: string };
    };
    const onReferral = async (who: Staff, id: string, action: string, body?: unknown) => {
      const r = await callAt(t, who, 'referrals', id, `/api/referrals/${id}/${action}`, body);
      assert.equal(r.statusCode, 200, r.body);
    };

    test('a referral received reaches the receiver’s caseworkers and supervisors; its answer, assignment and closing reach who needs them', async () => {
      const c = await caseReadyToRefer(forms.protection(), 'Amina Yusuf');
      await clear();
      const referral = await refer(c.id);
      const [toB] = await fresh(b);
      assert.equal(toB?.kind, 'referral.received');
      assert.deepEqual(toB?.subject, { type: 'referral', id: referral.id, reference: referralReference(referral.id) });
      assert.equal(toB?.link, `/referrals/${referral.id}`);
      assert.deepEqual(await kinds(bSup), ['referral.received']);
      for (const s of [a, aSup, a2, outsider]) assert.deepEqual(await kinds(s), [], 'only the receiver is told');

      await onReferral(bSup, referral.id, 'accept');
      assert.deepEqual(await kinds(a), ['referral.accepted'], 'the caseworker who sent it');
      for (const s of [b, bSup, a2, aSup]) assert.deepEqual(await kinds(s), []);

      await onReferral(bSup, referral.id, 'assignment', { userId: b.id });
      assert.deepEqual(await kinds(b), ['referral.assigned']);
      assert.deepEqual(await kinds(bSup), [], 'not told of what they did');
      await onReferral(bSup, referral.id, 'assignment', { userId: b.id });
      assert.deepEqual(await kinds(b), [], 'assigning again to the same colleague changes nothing, tells nobody');

      await onReferral(b, referral.id, 'close', { outcome: 'Placed in the shelter.' });
      assert.deepEqual(await kinds(a), ['referral.closed']);
    });

    test('a sensitive referral received reaches only those who assign it; a decline reaches its sender', async () => {
      const c = await caseReadyToRefer(forms.trafficking(), 'Selam Tesfaye');
      await clear();
      const referral = await refer(c.id);
      assert.deepEqual(await kinds(b), [], 'its caseworkers cannot open it before it is assigned');
      assert.deepEqual(await kinds(bSup), ['referral.received']);
      await onReferral(bSup, referral.id, 'decline', { reason: 'No shelter place this month.' });
      assert.deepEqual(await kinds(a), ['referral.declined']);
      assert.deepEqual(await kinds(b), []);
    });

    test('a case opened for a colleague, given to one, a task given, a closure asked for and decided: each tells who must act', async () => {
      const personId = await personWithAssistanceBasis(t, aSup, { nameLatin: 'Yonas Haile' });
      await clear();
      const mine = await openCase(t, aSup, personId, forms.protection());
      assert.deepEqual(await kinds(aSup), [], 'opening a case for oneself tells nobody');
      const forA = await openCase(t, aSup, personId, forms.avrr(), { assignedTo: a.id });
      const [assigned] = await fresh(a);
      assert.equal(assigned?.kind, 'case.assigned');
      assert.deepEqual(assigned?.subject, { type: 'case', id: forA.id, reference: forA.reference });
      assert.equal(assigned?.link, `/cases/${forA.id}`);

      const moved = await callAt(t, aSup, 'cases', mine.id, `/api/cases/${mine.id}/assignment`, { userId: a2.id });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(await kinds(a2), ['case.assigned']);
      assert.deepEqual(await kinds(aSup), []);

      const task = (who: Staff, caseId: string, assignedTo: string | null) =>
        call(t, who, 'POST', `/api/cases/${caseId}/tasks`, {
          title: 'Call the embassy',
          dueOn: '2026-12-20',
          assignedTo,
        });
      assert.equal((await task(a, forA.id, a2.id)).statusCode, 201);
      assert.deepEqual(await kinds(a2), ['case.task_assigned']);
      assert.equal((await task(a, forA.id, a.id)).statusCode, 201);
      assert.equal((await task(a, forA.id, null)).statusCode, 201);
      assert.deepEqual(await kinds(a), [], 'a task one keeps, or gives nobody, tells nobody');

      const ask = await callAt(t, a, 'cases', forA.id, `/api/cases/${forA.id}/closure-request`, {
        reason: 'Returned home.',
      });
      assert.equal(ask.statusCode, 200, ask.body);
      assert.deepEqual(await kinds(aSup), ['case.closure_requested']);
      assert.deepEqual(await kinds(aSup2), ['case.closure_requested']);
      assert.deepEqual(await kinds(a2), [], 'caseworkers do not decide');
      const reject = await callAt(t, aSup2, 'cases', forA.id, `/api/cases/${forA.id}/closure-decision`, {
        decision: 'reject',
        reason: 'The reintegration plan is not done.',
      });
      assert.equal(reject.statusCode, 200, reject.body);
      assert.deepEqual(await kinds(a), ['case.closure_rejected']);
      await callAt(t, a, 'cases', forA.id, `/api/cases/${forA.id}/closure-request`, { reason: 'Plan done.' });
      const approve = await callAt(t, aSup, 'cases', forA.id, `/api/cases/${forA.id}/closure-decision`, {
        decision: 'approve',
      });
      assert.equal(approve.statusCode, 200, approve.body);
      assert.deepEqual(await kinds(a), ['case.closure_approved']);

      // a supervisor who asks for a closure (of a case of their own) is not told of it; the other supervisor is
      const own = await callAt(t, aSup, 'cases', mine.id, `/api/cases/${mine.id}/assignment`, { userId: aSup.id });
      assert.equal(own.statusCode, 200, own.body);
      await clear();
      const selfAsk = await callAt(t, aSup, 'cases', mine.id, `/api/cases/${mine.id}/closure-request`, {
        reason: 'Moved away.',
      });
      assert.equal(selfAsk.statusCode, 200, selfAsk.body);
      assert.deepEqual(await kinds(aSup), []);
      assert.deepEqual(await kinds(aSup2), ['case.closure_requested']);
      assert.deepEqual(await kinds(outsider), [], 'another organisation hears nothing');
    });

    test('a task on a sensitive case tells a colleague only once they are let into the case', async () => {
      const personId = await personWithAssistanceBasis(t, a, { nameLatin: 'Hawa Idris' });
      const c = await openCase(t, a, personId, forms.gbv());
      await clear();
      const give = () =>
        call(t, a, 'POST', `/api/cases/${c.id}/tasks`, {
          title: 'Book the clinic',
          dueOn: '2026-12-20',
          assignedTo: a2.id,
        });
      assert.equal((await give()).statusCode, 201);
      assert.deepEqual(await kinds(a2), [], 'its reference alone would say that such a case exists');
      const grant = await call(t, aSup, 'POST', `/api/cases/${c.id}/access`, {
        userId: a2.id,
        reason: 'Clinic visit.',
      });
      assert.equal(grant.statusCode, 201, grant.body);
      assert.equal((await give()).statusCode, 201);
      assert.deepEqual(await kinds(a2), ['case.task_assigned']);
    });

    test('the e-mail copy of a notice names what happened and the reference, never the person', async () => {
      const on = await t.app.inject({
        method: 'PUT',
        url: '/api/me/notification-settings',
        headers: b.session.headers,
        payload: { email: true },
      });
      assert.equal(on.statusCode, 200, on.body);
      const c = await caseReadyToRefer(forms.protection(), 'Zainab Okafor');
      const referral = await refer(c.id);
      const mails = await t.deps.database.db
        .selectFrom('outbound_messages')
        .select(['subject', 'body', 'kind'])
        .where('kind', '=', 'notification.referral.received')
        .where('address', '=', b.email)
        .execute();
      assert.equal(mails.length, 1, 'one e-mail, though the notice went to the caseworkers and the supervisors');
      const mail = mails[0]!;
      assert.equal(
        mail.subject,
        `Corridor: A referral was sent to your organisation (${referralReference(referral.id)})`,
      );
      assert.ok(!`${mail.subject}${mail.body}`.includes('Zainab') && !mail.body.includes('Okafor'), 'no name');
      const stored = await t.deps.database.db
        .selectFrom('notifications')
        .selectAll()
        .where('subject_id', '=', referral.id)
        .execute();
      assert.ok(stored.length > 0);
      assert.ok(!JSON.stringify(stored).includes('Zainab'), 'the notice carries no name');
    });
  });
}

test('every notice of an event is worded in the e-mail copy in the four languages', () => {
  const kinds = [
    ...['received', 'accepted', 'declined', 'closed', 'assigned'].map((k) => `referral.${k}`),
    ...['assigned', 'closure_requested', 'closure_approved', 'closure_rejected', 'task_assigned'].map(
      (k) => `case.${k}`,
    ),
    ...['received', 'reply', 'assigned', 'response_overdue', 'resolution_overdue'].map((k) => `grievance.${k}`),
  ];
  for (const locale of ['en', 'fr', 'es', 'ar']) {
    const generic = noticeEmail('no.such_kind', 'X-1', locale, undefined).subject;
    const subjects = kinds.map((k) => noticeEmail(k, 'X-1', locale, undefined).subject);
    for (const [i, s] of subjects.entries()) assert.notEqual(s, generic, `${locale}: ${kinds[i]}`);
    assert.equal(new Set(subjects).size, kinds.length, `${locale}: each kind its own words`);
  }
});
