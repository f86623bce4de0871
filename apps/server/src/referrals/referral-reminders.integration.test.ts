import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
  signInAgain,
} from '../cases/cases.fixtures.ts';
import { deliverDueMessages, fileAdapter } from '../notifications/delivery.ts';
import { noticeEmail } from '../notifications/notice-email.ts';
import { referralReference } from './referral-notices.ts';
import { reminderStage, responseDueOn, sendReferralReminders } from './referral-reminders.ts';

const at = (iso: string) => new Date(`${iso}T08:00:00.000Z`);

test('stages: response due from the reminder day, overdue after; delivery by the due date', () => {
  const settings = { responseDays: 3, leadDays: 1 };
  const sent = { status: 'sent' as const, sent_at: '2026-06-01T09:00:00.000Z', due_on: '2026-06-10' };
  assert.equal(responseDueOn(sent, 3), '2026-06-04');
  assert.equal(responseDueOn({ ...sent, due_on: '2026-06-02' }, 3), '2026-06-02', 'never after the due date');
  assert.equal(reminderStage(sent, '2026-06-02', settings), null);
  assert.equal(reminderStage(sent, '2026-06-03', settings), 'response_due');
  assert.equal(reminderStage(sent, '2026-06-04', settings), 'response_due');
  assert.equal(reminderStage(sent, '2026-06-05', settings), 'response_overdue');
  const accepted = { ...sent, status: 'accepted' as const };
  assert.equal(reminderStage(accepted, '2026-06-08', settings), null);
  assert.equal(reminderStage(accepted, '2026-06-09', settings), 'delivery_due');
  assert.equal(reminderStage(accepted, '2026-06-11', settings), 'delivery_overdue');
  assert.equal(
    reminderStage({ ...accepted, due_on: null }, '2027-01-01', settings),
    null,
    'no due date, no delivery reminder',
  );
  assert.equal(reminderStage({ ...sent, status: 'declined' }, '2027-01-01', settings), null);
  assert.equal(reminderStage(sent, '2026-06-04', { responseDays: 3, leadDays: 0 }), 'response_due');
  assert.equal(reminderStage(sent, '2026-06-03', { responseDays: 3, leadDays: 0 }), null);
});

/** The notices this job sends (the referral's own events send others: referral-notices.ts). */
const REMINDER_KINDS = [
  'referral.response_due',
  'referral.response_overdue',
  'referral.delivery_due',
  'referral.delivery_overdue',
];

for (const { engine, skip } of engines()) {
  describe(`referral reminders (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgA: string;
    let orgB: string;
    let a: Staff; // referring caseworker
    let a2: Staff; // another caseworker of the referring organisation
    let b: Staff; // receiving caseworker
    let bSup: Staff; // receiving supervisor
    before(async () => {
      t = await startTestApp(engine);
      orgA = (await buildOrganisation(t)).id;
      orgB = (await buildOrganisation(t)).id;
      a = await buildStaff(t, orgA, ['caseworker']);
      a2 = await buildStaff(t, orgA, ['caseworker']);
      b = await buildStaff(t, orgB, ['caseworker']);
      bSup = await buildStaff(t, orgB, ['supervisor']);
    });
    after(() => t?.close());

    /** A protection case of A referred to B on 2026-06-01 (the test clock), due on `dueOn`. */
    async function referral(dueOn: string | null): Promise<{ id: string; personId: string }> {
      const personId = await personWithAssistanceBasis(t, a, { nameLatin: 'Amina Yusuf', nameOriginal: 'أمينة يوسف' });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgB });
      const c = await openCase(t, a, personId, forms.protection());
      const r = await call(t, a, 'POST', `/api/cases/${c.id}/referrals`, {
        toOrganisationId: orgB,
        serviceType: 'accommodation',
        reason: 'AdditionalServicesRequired',
        message: null,
        dueOn,
      });
      assert.equal(r.statusCode, 201, r.body);
      return { id: r.json().id, personId };
    }
    const run = (day: string) => sendReferralReminders(t.deps.database.db, t.deps.config, at(day));
    // (the notices of the referral's own events, referral-notices.ts, are left out: referral-notices' tests)
    const noticesOf = (referralId: string) =>
      t.deps.database.db
        .selectFrom('notifications')
        .selectAll()
        .where('kind', 'in', REMINDER_KINDS)
        .where('subject_type', '=', 'referral')
        .where('subject_id', '=', referralId)
        .orderBy('created_at')
        .orderBy('kind')
        .execute();
    const recipientsOf = async (referralId: string, kind: string) =>
      (await noticesOf(referralId))
        .filter((n) => n.kind === kind)
        .map((n) =>
          n.recipient_user_id ? `user:${n.recipient_user_id}` : `${n.recipient_organisation_id}:${n.recipient_role}`,
        )
        .sort();

    test('an unanswered referral: a reminder to the receiver, then overdue to the receiver and the referring caseworker, each once', async () => {
      const { id } = await referral('2026-06-10');
      assert.equal((await run('2026-06-02')).reminded, 0, 'too early');
      const first = await run('2026-06-03');
      assert.equal(first.reminded, 1);
      assert.deepEqual(
        await recipientsOf(id, 'referral.response_due'),
        [`${orgB}:caseworker`, `${orgB}:supervisor`].sort(),
      );
      // re-runs the same day and the next: nothing new
      await run('2026-06-03');
      await run('2026-06-04');
      assert.equal((await noticesOf(id)).length, 2);
      await run('2026-06-05');
      assert.deepEqual(
        await recipientsOf(id, 'referral.response_overdue'),
        [`${orgB}:caseworker`, `${orgB}:supervisor`, `user:${a.id}`].sort(),
      );
      await run('2026-06-06');
      await run('2026-07-01');
      assert.equal((await noticesOf(id)).length, 5);
      // no personal data: the reference and the link, never the name
      for (const n of await noticesOf(id)) {
        assert.equal(n.reference, referralReference(id));
        assert.ok(!JSON.stringify(n).includes('Amina'));
      }
    });

    test('several servers running the job at once notify exactly once per referral and stage', async () => {
      const { id } = await referral(null);
      const runs = await Promise.all([run('2026-06-05'), run('2026-06-05'), run('2026-06-05'), run('2026-06-05')]);
      assert.equal(
        runs.reduce((s, r) => s + r.reminded, 0),
        1,
        'one run reminded, the others found it done',
      );
      assert.equal((await noticesOf(id)).length, 3, 'receiver caseworkers, supervisors and the referring caseworker');
      const stages = await t.deps.database.db
        .selectFrom('referral_reminders')
        .select('stage')
        .where('referral_id', '=', id)
        .execute();
      assert.deepEqual(
        stages.map((s) => s.stage),
        ['response_overdue'],
        'first seen overdue: the earlier reminder is skipped',
      );
    });

    test('an accepted referral not delivered by its due date: the assigned caseworker and supervisors, then the referring caseworker; a delivered one is left alone', async () => {
      const { id } = await referral('2026-06-10');
      const { id: delivered } = await referral('2026-06-10');
      for (const rid of [id, delivered]) {
        assert.equal((await callAt(t, bSup, 'referrals', rid, `/api/referrals/${rid}/accept`)).statusCode, 200);
        const assigned = await callAt(t, bSup, 'referrals', rid, `/api/referrals/${rid}/assignment`, { userId: b.id });
        assert.equal(assigned.statusCode, 200, assigned.body);
      }
      const service = await callAt(t, b, 'referrals', delivered, `/api/referrals/${delivered}/services`, {
        serviceType: 'accommodation',
        deliveredOn: '2026-06-01',
      });
      assert.equal(service.statusCode, 201, service.body);
      await run('2026-06-05'); // answered in time: no response reminder any more
      assert.equal((await noticesOf(id)).length, 0);
      await run('2026-06-09');
      assert.deepEqual(await recipientsOf(id, 'referral.delivery_due'), [`${orgB}:supervisor`, `user:${b.id}`].sort());
      await run('2026-06-11');
      assert.deepEqual(
        await recipientsOf(id, 'referral.delivery_overdue'),
        [`${orgB}:supervisor`, `user:${a.id}`, `user:${b.id}`].sort(),
      );
      assert.equal((await noticesOf(delivered)).length, 0);
    });

    test('a referral whose consent was withdrawn is not reminded about', async () => {
      const { id, personId } = await referral('2026-06-10');
      await recordBasis(t, a, {
        beneficiaryId: personId,
        purpose: 'referral',
        recipientOrganisationId: orgB,
        action: 'withdraw',
      });
      const r = await run('2026-06-20');
      assert.ok(r.revoked >= 1);
      assert.equal((await noticesOf(id)).length, 0);
    });

    test('staff who chose e-mail copies get one outbox e-mail per reminder, without personal data; the others none; an organisation without a supervisor has its administrators told of a sensitive one', async () => {
      const orgD = (await buildOrganisation(t)).id;
      const d1 = await buildStaff(t, orgD, ['caseworker']); // opts in
      const d2 = await buildStaff(t, orgD, ['caseworker']); // does not
      const dAdmin = await buildStaff(t, orgD, ['admin', 'caseworker']); // opts in; later told twice of one stage
      const setEmail = (who: Staff, email: unknown) =>
        t.app.inject({
          method: 'PUT',
          url: '/api/me/notification-settings',
          headers: who.session.headers,
          payload: { email } as Record<string, unknown>,
        });
      assert.equal((await call(t, d2, 'GET', '/api/me/notification-settings')).json().email, false, 'off by default');
      for (const who of [d1, dAdmin]) {
        const set = await setEmail(who, true);
        assert.equal(set.statusCode, 200, set.body);
        assert.deepEqual(set.json(), { email: true });
      }
      assert.equal((await call(t, d1, 'GET', '/api/me/notification-settings')).json().email, true);
      const bad = await setEmail(d2, 'yes');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'validation_failed');

      const personId = await personWithAssistanceBasis(t, a, {
        nameLatin: 'Samira Haddad',
        nameOriginal: 'سميرة حداد',
      });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgD });
      const c = await openCase(t, a, personId, forms.trafficking());
      const sent = await call(t, a, 'POST', `/api/cases/${c.id}/referrals`, {
        toOrganisationId: orgD,
        serviceType: 'accommodation',
        reason: 'AdditionalServicesRequired',
        message: 'Samira needs a shelter.',
        dueOn: '2026-06-10',
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const id = sent.json().id as string;
      const config = { ...t.deps.config, publicUrl: 'https://corridor.example.org/' };
      await sendReferralReminders(t.deps.database.db, config, at('2026-06-03'));
      // No supervisor at D: the sensitive referral's reminder goes to its administrators (who assign it); its
      // caseworkers, who cannot open it while nobody is assigned, are not told.
      assert.deepEqual(await recipientsOf(id, 'referral.response_due'), [`${orgD}:admin`]);
      const mails = () =>
        t.deps.database.db
          .selectFrom('outbound_messages')
          .selectAll()
          .where(
            'kind',
            'in',
            REMINDER_KINDS.map((k) => `notification.${k}`),
          )
          .where('organisation_id', '=', orgD)
          .orderBy('address')
          .execute();
      const first = await mails();
      assert.deepEqual(
        first.map((m) => m.address),
        [dAdmin.email],
        'the administrator, who opted in; not the caseworker who opted in but was not told',
      );
      for (const m of first) {
        assert.equal(m.channel, 'email');
        assert.equal(m.status, 'pending');
        assert.equal(m.kind, 'notification.referral.response_due');
        assert.ok(m.body.includes(referralReference(id)));
        assert.ok(m.body.includes('https://corridor.example.org/notifications'));
        assert.ok(m.subject?.includes('waiting for an answer'));
        for (const text of [m.body, m.subject ?? '']) {
          assert.ok(!text.includes('Samira') && !text.includes('سميرة') && !text.includes('Haddad'), 'no name');
          assert.ok(!text.includes(personId) && !text.includes(c.id), 'no ids of the person or case');
          assert.ok(!text.includes('shelter'), 'not the message');
        }
      }
      // A re-run tells nobody again. The administrator assigns it to themself (they are a caseworker too): the next
      // stage reaches them as assignee and as administrator, in one e-mail.
      await sendReferralReminders(t.deps.database.db, config, at('2026-06-03'));
      assert.equal((await mails()).length, 1);
      const self = await callAt(t, dAdmin, 'referrals', id, `/api/referrals/${id}/assignment`, { userId: dAdmin.id });
      assert.equal(self.statusCode, 200, self.body);
      await sendReferralReminders(t.deps.database.db, config, at('2026-06-05'));
      assert.deepEqual(
        await recipientsOf(id, 'referral.response_overdue'),
        [`${orgD}:admin`, `user:${a.id}`, `user:${dAdmin.id}`].sort(),
      );
      assert.deepEqual(
        (await mails()).filter((m) => m.kind === 'notification.referral.response_overdue').map((m) => m.address),
        [dAdmin.email],
        'once, though told as assignee and as administrator',
      );
      // Reassigned to d1, who accepts it: the delivery stage reaches d1 by e-mail; the administrator, who has
      // turned copies off, gets no more; d2 never.
      assert.deepEqual((await setEmail(dAdmin, false)).json(), { email: false });
      const moved = await callAt(t, dAdmin, 'referrals', id, `/api/referrals/${id}/assignment`, { userId: d1.id });
      assert.equal(moved.statusCode, 200, moved.body);
      const accepted = await callAt(t, d1, 'referrals', id, `/api/referrals/${id}/accept`);
      assert.equal(accepted.statusCode, 200, accepted.body);
      await sendReferralReminders(t.deps.database.db, config, at('2026-06-09'));
      assert.deepEqual(await recipientsOf(id, 'referral.delivery_due'), [`${orgD}:admin`, `user:${d1.id}`].sort());
      const after = await mails();
      assert.deepEqual(
        after.filter((m) => m.kind === 'notification.referral.delivery_due').map((m) => m.address),
        [d1.email],
      );
      assert.ok(!after.some((m) => m.address === d2.email));
      // Turning it off and on is audited, without the address.
      const audits = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_id', '=', dAdmin.id)
        .where('action', '=', 'user.notification_settings')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audits.map((e) => JSON.parse(e.details).email),
        [true, false],
      );

      // The existing delivery job hands them to the adapter like any message.
      const file = path.join(os.tmpdir(), `corridor-notice-mail-${randomUUID()}.jsonl`);
      try {
        const delivered = await deliverDueMessages(t.deps.database.db, fileAdapter(file), at('2026-06-09'));
        assert.ok(delivered.sent >= 3);
        const lines = (await fs.readFile(file, 'utf8'))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { to: string; kind: string; body: string });
        const toD1 = lines.filter((l) => l.to === d1.email);
        assert.deepEqual(
          toD1.map((l) => l.kind).sort(),
          ['notification.referral.assigned', 'notification.referral.delivery_due'],
          'the notice of its assignment when it happened (referral-notices.ts), then the reminder',
        );
        assert.deepEqual(
          lines
            .filter((l) => l.to === dAdmin.email)
            .map((l) => l.kind)
            .sort(),
          [
            'notification.referral.received',
            'notification.referral.response_due',
            'notification.referral.response_overdue',
          ],
        );
        assert.ok(toD1.every((l) => !l.body.includes('Samira')));
        assert.equal((await mails()).filter((m) => m.status === 'sent').length, 3);
      } finally {
        await fs.rm(file, { force: true });
      }
    });

    test('a sensitive referral whose receiver has nobody left to assign it: the referring caseworker is told from the first stage', async () => {
      const orgE = (await buildOrganisation(t)).id;
      const referrer = await buildStaff(t, orgA, ['caseworker']);
      const eAdmin = await buildStaff(t, orgE, ['admin']);
      await buildStaff(t, orgE, ['caseworker']);
      const personId = await personWithAssistanceBasis(t, referrer, {
        nameLatin: 'Lina Saleh',
        nameOriginal: 'لينا صالح',
      });
      await recordBasis(t, referrer, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgE });
      const c = await openCase(t, referrer, personId, forms.trafficking());
      const sent = await call(t, referrer, 'POST', `/api/cases/${c.id}/referrals`, {
        toOrganisationId: orgE,
        serviceType: 'accommodation',
        reason: 'AdditionalServicesRequired',
        message: null,
        dueOn: '2026-06-10',
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const id = sent.json().id as string;
      // Its only administrator leaves after it was sent.
      await t.deps.database.db
        .updateTable('users')
        .set({ disabled_at: at('2026-06-02').toISOString() })
        .where('id', '=', eAdmin.id)
        .execute();
      await run('2026-06-03');
      assert.deepEqual(
        await recipientsOf(id, 'referral.response_due'),
        [`${orgE}:admin`, `user:${referrer.id}`].sort(),
      );
    });

    test('the e-mail is worded in the recipient’s language and, without a public URL, tells them to sign in', () => {
      const fr = noticeEmail('referral.delivery_overdue', 'R-1A2B3C4D', 'fr', undefined);
      assert.match(fr.subject, /en retard \(R-1A2B3C4D\)$/);
      assert.ok(fr.body.includes('Connectez-vous à Corridor'));
      assert.ok(!fr.body.includes('http'));
      const ar = noticeEmail('referral.response_due', 'R-1A2B3C4D', 'ar', 'https://c.example/');
      assert.ok(ar.body.includes('https://c.example/notifications'));
      assert.ok(ar.body.includes('إحالة'));
      const other = noticeEmail('cases.something_new', null, 'xx', undefined);
      assert.equal(other.subject, 'Corridor: You have a new notification');
    });

    test('staff see the reminders in their notifications, and only their own', async () => {
      t.clock.set(at('2026-06-21'));
      await signInAgain(t, a, a2, b, bSup);
      const mine = await call(t, a, 'GET', '/api/notifications');
      assert.equal(mine.statusCode, 200);
      const items = (mine.json().items as { kind: string; link: string; subject: { reference: string } }[]).filter(
        (i) => REMINDER_KINDS.includes(i.kind),
      );
      assert.ok(items.length >= 2);
      assert.ok(items.every((i) => i.kind.endsWith('_overdue') && i.link.startsWith('/referrals/')));
      assert.equal(
        ((await call(t, a2, 'GET', '/api/notifications')).json().items as { kind: string }[]).filter((i) =>
          REMINDER_KINDS.includes(i.kind),
        ).length,
        0,
        'not the referring caseworker',
      );
      const sup = (await call(t, bSup, 'GET', '/api/notifications')).json();
      assert.ok(sup.unread >= 5);
      // the receiver's link opens the referral
      const open = await call(t, b, 'GET', items[0]!.link.replace('/referrals/', '/api/referrals/'));
      assert.ok([200, 404].includes(open.statusCode));
    });
  });
}
